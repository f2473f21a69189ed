"""The resources of the Caliper client, one module per family: events, jobs."""
