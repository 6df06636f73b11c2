//! Users and Groups as `Kind`s: which permission each verb needs and which service it calls.
use super::auth::ScimCall;
use super::body::Mode;
use super::query::Projection;
use super::resources::Kind;
use super::{group_json, user_json, ScimProblem};
use app::db::users as user_rows;
use app::model::Permission;
use app::search::scim::{GROUP_EXTENSION, GROUP_SCHEMA, USER_SCHEMA};
use app::service::scim::groups::{self, Group};
use app::service::scim::users;
use app::service::scim::{ListRequest, Listed, Reach, ScimError};
use app::state::AppState;
use serde_json::Value;
use uuid::Uuid;

pub struct Users;

impl Kind for Users {
    const CORE: &'static str = USER_SCHEMA;
    const VIEW: Permission = Permission::UsersView;
    const CREATE: Permission = Permission::UsersCreate;
    const EDIT: Permission = Permission::UsersEdit;
    const DELETE: Permission = Permission::UsersDelete;
    type Row = user_rows::Model;

    fn id(row: &Self::Row) -> Uuid {
        row.id
    }

    fn version(row: &Self::Row) -> i32 {
        row.version
    }

    fn to_json(row: &Self::Row, base: &str, _: &Projection) -> Value {
        user_json::to_json(row, base)
    }

    async fn list(
        state: &AppState,
        reach: Reach,
        request: &ListRequest,
        _: &Projection,
    ) -> Result<Listed<Self::Row>, ScimError> {
        users::list_users(&state.db, reach, request).await
    }

    async fn get(state: &AppState, reach: Reach, id: Uuid) -> Result<Self::Row, ScimError> {
        users::get_user(&state.db, reach, id).await
    }

    async fn create(
        state: &AppState,
        call: &ScimCall,
        body: &Value,
    ) -> Result<Self::Row, ScimProblem> {
        let input = user_json::from_json(body, Mode::Put, None)?;
        users::create_user(&state.db, &state.hasher, input, &call.actor())
            .await
            .map_err(|e| call.fail(e))
    }

    async fn replace(
        state: &AppState,
        call: &ScimCall,
        current: &Self::Row,
        version: Option<i32>,
        body: &Value,
        mode: Mode,
    ) -> Result<Self::Row, ScimProblem> {
        let input = user_json::from_json(body, mode, Some(current))?;
        users::replace_user(
            &state.db,
            &state.hasher,
            call.reach,
            current.id,
            version,
            input,
            &call.actor(),
        )
        .await
        .map_err(|e| call.fail(e))
    }

    async fn delete(
        state: &AppState,
        call: &ScimCall,
        id: Uuid,
        version: Option<i32>,
    ) -> Result<(), ScimError> {
        users::delete_user(&state.db, call.reach, id, version, &call.actor()).await
    }
}

pub struct Groups;

impl Kind for Groups {
    const CORE: &'static str = GROUP_SCHEMA;
    const VIEW: Permission = Permission::ClientsView;
    const CREATE: Permission = Permission::ClientsEdit;
    const EDIT: Permission = Permission::ClientsEdit;
    const DELETE: Permission = Permission::ClientsEdit;
    type Row = Group;

    fn id(row: &Self::Row) -> Uuid {
        row.client.id
    }

    fn version(row: &Self::Row) -> i32 {
        row.client.version
    }

    fn to_json(row: &Self::Row, base: &str, projection: &Projection) -> Value {
        group_json::to_json(row, base, |name| {
            projection.requested(GROUP_EXTENSION, name)
        })
    }

    async fn list(
        state: &AppState,
        reach: Reach,
        request: &ListRequest,
        projection: &Projection,
    ) -> Result<Listed<Self::Row>, ScimError> {
        groups::list_groups(&state.db, reach, request, projection.wants("members")).await
    }

    async fn get(state: &AppState, reach: Reach, id: Uuid) -> Result<Self::Row, ScimError> {
        groups::get_group(&state.db, reach, id, true).await
    }

    async fn create(
        state: &AppState,
        call: &ScimCall,
        body: &Value,
    ) -> Result<Self::Row, ScimProblem> {
        let input = group_json::from_json(body, Mode::Put)?;
        groups::create_group(&state.db, call.reach, input, &call.actor())
            .await
            .map_err(|e| call.fail(e))
    }

    async fn replace(
        state: &AppState,
        call: &ScimCall,
        current: &Self::Row,
        version: Option<i32>,
        body: &Value,
        mode: Mode,
    ) -> Result<Self::Row, ScimProblem> {
        let input = group_json::from_json(body, mode)?;
        groups::replace_group(
            &state.db,
            call.reach,
            current.client.id,
            version,
            input,
            &call.actor(),
        )
        .await
        .map_err(|e| call.fail(e))
    }

    async fn delete(
        state: &AppState,
        call: &ScimCall,
        id: Uuid,
        version: Option<i32>,
    ) -> Result<(), ScimError> {
        groups::delete_group(&state.db, call.reach, id, version, &call.actor()).await
    }
}
