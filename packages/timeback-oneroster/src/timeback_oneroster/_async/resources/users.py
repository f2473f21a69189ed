"""Users, students and teachers (``R/users``, ``R/students``, ``R/teachers``).

``client.users`` reads and writes users and reaches what hangs below one user: classes,
demographics, agents, credentials and assigned resources. ``client.students`` and
``client.teachers`` are read-only views of the users holding that role.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from timeback_common import AsyncAPIClient, AsyncPaginator, RequestOptions
from timeback_oneroster._async._collection import AsyncCollection, AsyncReadOnlyCollection
from timeback_oneroster._endpoints import CollectionSpec, Listing
from timeback_oneroster._models import WIRE_KEYS, Class, CredentialRegistration, User
from timeback_oneroster._params import ListParams
from timeback_oneroster._paths import OneRosterPaths
from timeback_oneroster._responses import read_model, read_string_member

__all__ = ["STUDENTS", "TEACHERS", "USERS", "AsyncStudents", "AsyncTeachers", "AsyncUsers"]

if TYPE_CHECKING:
    from timeback_oneroster._models import Resource, UserCredentialsInput, UserInput

# The write form is named, not imported: reading users loads no write forms.
USERS: CollectionSpec[User, UserInput] = CollectionSpec(
    "rostering", "/users", WIRE_KEYS["users"], User, "UserInput", item="/users/{}"
)
STUDENTS = Listing("rostering", "/students", WIRE_KEYS["students"], User, item="/students/{}")
TEACHERS = Listing("rostering", "/teachers", WIRE_KEYS["teachers"], User, item="/teachers/{}")


class AsyncUsers(AsyncCollection[User, "UserInput"]):
    """``client.users``: every user (``R/users``), and the sub-resources of one user.

    Inherits ``list``, ``get``, ``create``, ``update``, ``upsert`` and ``delete``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, USERS)

    def classes(self, user_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[Class]:
        """The classes the user is enrolled in (``GET R/users/{id}/classes``).

        Args:
            user_id: The user's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the classes.
        """
        return self._list(
            Listing("rostering", "/users/{}/classes", WIRE_KEYS["classes"], Class),
            user_id,
            **params,
        )

    async def get_with_demographics(
        self,
        user_id: str,
        *,
        fields: str | Sequence[str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> User:
        """The user with its demographics embedded (``GET R/users/{id}/demographics``).

        Args:
            user_id: The user's id.
            fields: Only these fields of the user (``demographics`` included when named).
            **options: Request options.

        Returns:
            The user; ``user.demographics`` holds the demographics (None when it has none).
        """
        return await self._get(
            "rostering",
            "/users/{}/demographics",
            WIRE_KEYS["userDemographics"],
            User,
            user_id,
            fields=fields,
            options=options,
        )

    async def agents(
        self,
        user_id: str,
        *,
        fields: str | Sequence[str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[User]:
        """The user's agents, e.g. a student's guardians (``GET R/users/{id}/agents``).

        Not paginated: one request returns them all.

        Args:
            user_id: The user's id.
            fields: Only these fields of each agent.
            **options: Request options.

        Returns:
            The agents as users.
        """
        return await self._list_unpaged(
            Listing("rostering", "/users/{}/agents", WIRE_KEYS["userAgents"], User),
            user_id,
            fields=fields,
            options=options,
        )

    async def agent_for(
        self,
        user_id: str,
        *,
        fields: str | Sequence[str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[User]:
        """The users this user is an agent for (``GET R/users/{id}/agentFor``); not paginated.

        Args:
            user_id: The agent's id (e.g. a guardian's).
            fields: Only these fields of each user.
            **options: Request options.

        Returns:
            The users (e.g. the guardian's students).
        """
        return await self._list_unpaged(
            Listing("rostering", "/users/{}/agentFor", WIRE_KEYS["userAgentFor"], User),
            user_id,
            fields=fields,
            options=options,
        )

    async def add_agent(
        self, user_id: str, agent_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Make ``agent_id`` an agent of the user (``POST R/users/{id}/agents``).

        Adding an agent twice changes nothing, so the call is retried like a read.

        Args:
            user_id: The user's id (e.g. a student's).
            agent_id: The agent's id (e.g. a guardian's).
            **options: Request options.

        Raises:
            InputValidationError: ``agent_id`` is empty.
        """
        body = {"agentSourcedId": self._id(agent_id, "agent_id")}
        path = self._path("rostering", "/users/{}/agents")
        await self._api.post(path, user_id, json=body, options=self._idempotent(options))

    async def remove_agent(
        self, user_id: str, agent_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Remove an agent from the user (``DELETE R/users/{id}/agents/{agentId}``).

        Args:
            user_id: The user's id.
            agent_id: The agent's id.
            **options: Request options.

        Raises:
            NotFoundError: The user does not exist or ``agent_id`` is not one of its agents.
        """
        path = self._path("rostering", "/users/{}/agents/{}")
        await self._api.delete(path, user_id, agent_id, options=options)

    async def register_credentials(
        self,
        user_id: str,
        credentials: UserCredentialsInput | Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> CredentialRegistration:
        """Store an application login for the user (``POST R/users/{id}/credentials``).

        Registering again for the same application replaces the stored login, so the call is
        retried like a read.

        Args:
            user_id: The user's id.
            credentials: ``{"application_name": ..., "credentials": {"username": ...,
                "password": ...}}`` or a `UserCredentialsInput`.
            **options: Request options.

        Returns:
            The ids of the user profile and credential, and the platform's message.

        Raises:
            InputValidationError: ``credentials`` is incomplete (values are never echoed).
        """
        from timeback_oneroster._models import UserCredentialsInput

        body = self._wire(credentials, UserCredentialsInput)
        path = self._path("rostering", "/users/{}/credentials")
        response = await self._api.post(path, user_id, json=body, options=self._idempotent(options))
        return read_model(response, CredentialRegistration)

    async def decrypt_credential(
        self, user_id: str, credential_id: str, **options: Unpack[RequestOptions]
    ) -> str:
        """The password of a stored credential (``POST R/users/{id}/credentials/{cid}/decrypt``).

        Args:
            user_id: The user's id.
            credential_id: The credential's id (from `register_credentials` or the user's
                ``user_profiles``).
            **options: Request options.

        Returns:
            The decrypted password.
        """
        path = self._path("rostering", "/users/{}/credentials/{}/decrypt")
        response = await self._api.post(
            path, user_id, credential_id, json={}, options=self._idempotent(options)
        )
        return read_string_member(response, "password")

    def resources(self, user_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[Resource]:
        """The resources assigned to the user (``GET X/resources/users/{id}/resources``).

        Args:
            user_id: The user's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the resources.
        """
        return self._assigned_resources("users", user_id, **params)

    async def assign_resource(
        self,
        user_id: str,
        resource_id: str,
        *,
        date_assigned: date | datetime | str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Assign a resource to the user (``POST X/resources/users/{id}/resources``).

        Args:
            user_id: The user's id.
            resource_id: The resource's id.
            date_assigned: When it was assigned (default: the platform's now).
            **options: Request options.
        """
        await self._assign_resource("users", user_id, resource_id, date_assigned, options)

    async def unassign_resource(
        self, user_id: str, resource_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Remove a resource from the user (``DELETE X/resources/users/{id}/resources/{rid}``).

        Args:
            user_id: The user's id.
            resource_id: The resource's id.
            **options: Request options.

        Raises:
            NotFoundError: The user does not exist or the resource is not assigned to it.
        """
        await self._unassign_resource("users", user_id, resource_id, options)


class AsyncStudents(AsyncReadOnlyCollection[User]):
    """``client.students``: the users with role ``student`` (``R/students``; read-only)."""

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, STUDENTS)

    def classes(self, student_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[Class]:
        """The classes the student is enrolled in as a student (``GET R/students/{id}/classes``).

        Args:
            student_id: The student's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the classes.

        Raises:
            NotFoundError: While iterating: no student has this id.
        """
        return self._list(
            Listing("rostering", "/students/{}/classes", WIRE_KEYS["classes"], Class),
            student_id,
            **params,
        )


class AsyncTeachers(AsyncReadOnlyCollection[User]):
    """``client.teachers``: the users with role ``teacher`` (``R/teachers``; read-only)."""

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, TEACHERS)

    def classes(self, teacher_id: str, **params: Unpack[ListParams]) -> AsyncPaginator[Class]:
        """The classes the teacher teaches (``GET R/teachers/{id}/classes``).

        Args:
            teacher_id: The teacher's id.
            **params: List parameters and request options (see `ListParams`).

        Returns:
            A paginator over the classes.

        Raises:
            NotFoundError: While iterating: no teacher has this id.
        """
        return self._list(
            Listing("rostering", "/teachers/{}/classes", WIRE_KEYS["classes"], Class),
            teacher_id,
            **params,
        )
