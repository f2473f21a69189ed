"""One module per group of PowerPath endpoints, grouped the way a user thinks of them."""
