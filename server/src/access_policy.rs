//! Who may call what: the expected answer of every server function and page to each kind of
//! caller, checked by `access_tests` (and reused by `secrets_tests` to call everything).
use crate::access_policy_accounts::sign_in_and_accounts_policy;
use crate::test_app::Caller;
use app::api::*;
use app::model::activity::ActivityQuery;
use app::model::client::ClientPermission;
use app::model::client_form::ClientForm;
use app::model::client_list::ClientListQuery;
use app::model::import::Verdict;
use app::model::job::{BulkActionKind, BulkSelection};
use app::model::user_form::UserForm;
use app::model::user_list::UserListQuery;
use app::model::{Permission, RoleForm, StaffForm};
use leptos::server_fn::ServerFn;
use uuid::Uuid;

pub(crate) const CALLERS: [Caller; 7] = [
    Caller::Anonymous,
    Caller::Support,
    Caller::Administrator,
    Caller::User,
    Caller::BillingDesk,
    Caller::Disabled,
    Caller::Impersonation,
];

/// Expected statuses for [anonymous, Support, Administrator, user, a custom role "Billing
/// desk" (view users, view and edit clients), a disabled Administrator, an Administrator
/// signed in as the user ("sign in as user": a user session kept from the user's security)].
/// Ids that name nothing make a permitted call answer 404: the caller got past authorization
/// to the service.
pub(crate) type Expect = [u16; 7];

const MANAGE_STAFF: Expect = [401, 403, 200, 401, 403, 401, 401];
const MANAGE_STAFF_MISSING: Expect = [401, 403, 404, 401, 403, 401, 401];
const ANY_STAFF: Expect = [401, 200, 200, 401, 200, 401, 401];

fn picked(id: Uuid) -> BulkSelection {
    BulkSelection {
        all_matching: false,
        query: UserListQuery::default(),
        picked: vec![id],
    }
}

pub(crate) fn qs<T: serde::Serialize>(args: &T) -> String {
    serde_qs::to_string(args).expect("encodable arguments")
}

/// (path, arguments, expected statuses) for every server function.
pub(crate) fn server_fn_policy() -> Vec<(&'static str, String, Expect)> {
    let nobody = Uuid::now_v7();
    let client_form = ClientForm {
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        company_name: "Matrix Two Ltd".into(),
        ..Default::default()
    };
    let user_form = UserForm {
        email: "matrix@x.test".into(),
        password: "a long enough password 42".into(),
        first_name: "Mat".into(),
        last_name: "Rix".into(),
        ..Default::default()
    };
    let permissions = vec![ClientPermission::Profile];
    vec![
        // The console: staff sessions only, each with its permission.
        (
            ListActivity::PATH,
            qs(&ListActivity {
                query: ActivityQuery::default(),
            }),
            [401, 403, 200, 401, 403, 401, 401],
        ),
        (
            LoadDashboard::PATH,
            qs(&LoadDashboard {}),
            [401, 200, 200, 401, 200, 401, 401],
        ),
        (
            ListClients::PATH,
            qs(&ListClients {
                query: ClientListQuery::default(),
            }),
            [401, 200, 200, 401, 200, 401, 401],
        ),
        (
            LoadClient::PATH,
            qs(&LoadClient { id: nobody }),
            [401, 404, 404, 401, 404, 401, 401],
        ),
        (
            ClientForEdit::PATH,
            qs(&ClientForEdit { id: nobody }),
            [401, 403, 404, 401, 404, 401, 401],
        ),
        (
            CreateClient::PATH,
            qs(&CreateClient {
                form: client_form.clone(),
            }),
            // The Billing desk gets past authorization to validation: the Administrator made
            // this company a moment before.
            [401, 403, 200, 401, 422, 401, 401],
        ),
        (
            UpdateClient::PATH,
            qs(&UpdateClient {
                id: nobody,
                version: 1,
                form: ClientForm {
                    company_name: "Matrix Three Ltd".into(),
                    ..client_form
                },
                overwrite: false,
            }),
            [401, 403, 404, 401, 404, 401, 401],
        ),
        (
            PickUsers::PATH,
            qs(&PickUsers {
                id: nobody,
                term: "ann".into(),
            }),
            [401, 403, 200, 401, 200, 401, 401],
        ),
        (
            AssociateUser::PATH,
            qs(&AssociateUser {
                id: nobody,
                user: nobody,
                owner: false,
                permissions: permissions.clone(),
            }),
            [401, 403, 404, 401, 404, 401, 401],
        ),
        (
            SetClientPermissions::PATH,
            qs(&SetClientPermissions {
                id: nobody,
                user: nobody,
                permissions,
            }),
            [401, 403, 404, 401, 404, 401, 401],
        ),
        (
            MakeClientOwner::PATH,
            qs(&MakeClientOwner {
                id: nobody,
                user: nobody,
            }),
            [401, 403, 404, 401, 404, 401, 401],
        ),
        (
            RemoveClientUser::PATH,
            qs(&RemoveClientUser {
                id: nobody,
                user: nobody,
            }),
            [401, 403, 404, 401, 404, 401, 401],
        ),
        (
            ListUsers::PATH,
            qs(&ListUsers {
                query: UserListQuery::default(),
            }),
            [401, 200, 200, 401, 200, 401, 401],
        ),
        (
            UserForEdit::PATH,
            qs(&UserForEdit { id: nobody }),
            [401, 403, 404, 401, 403, 401, 401],
        ),
        (
            CreateUser::PATH,
            qs(&CreateUser {
                form: user_form.clone(),
            }),
            [401, 403, 200, 401, 403, 401, 401],
        ),
        (
            UpdateUser::PATH,
            qs(&UpdateUser {
                id: nobody,
                version: 1,
                form: UserForm {
                    email: "other@x.test".into(),
                    ..user_form
                },
                overwrite: false,
            }),
            [401, 403, 404, 401, 403, 401, 401],
        ),
        (
            UserClientsForDelete::PATH,
            qs(&UserClientsForDelete { id: nobody }),
            [401, 403, 200, 401, 403, 401, 401],
        ),
        (
            DeleteUser::PATH,
            qs(&DeleteUser { id: nobody }),
            [401, 403, 404, 401, 403, 401, 401],
        ),
        (
            CountBulkSelection::PATH,
            qs(&CountBulkSelection {
                selection: picked(nobody),
            }),
            ANY_STAFF,
        ),
        (
            StartBulkJob::PATH,
            qs(&StartBulkJob {
                action: BulkActionKind::Deactivate,
                client: None,
                permissions: vec![],
                selection: picked(nobody),
                chosen_at: chrono::Utc::now(),
            }),
            [401, 403, 200, 401, 403, 401, 401],
        ),
        (
            CancelBulkJob::PATH,
            qs(&CancelBulkJob { id: nobody }),
            [401, 404, 404, 401, 404, 401, 401],
        ),
        (RecentJobs::PATH, qs(&RecentJobs {}), ANY_STAFF),
        // Importing: Create users and Edit users, which only the Administrator has here.
        (
            ImportPermitted::PATH,
            qs(&ImportPermitted {}),
            [401, 403, 200, 401, 403, 401, 401],
        ),
        (
            LoadImport::PATH,
            qs(&LoadImport { id: nobody }),
            [401, 403, 404, 401, 403, 401, 401],
        ),
        (
            CheckImport::PATH,
            qs(&CheckImport {
                id: nobody,
                mapping: vec!["email".into()],
                invite: false,
            }),
            [401, 403, 404, 401, 403, 401, 401],
        ),
        (
            StartImport::PATH,
            qs(&StartImport { id: nobody }),
            [401, 403, 404, 401, 403, 401, 401],
        ),
        (
            ImportRows::PATH,
            qs(&ImportRows {
                id: nobody,
                verdict: Verdict::Refuse,
                after: 0,
            }),
            [401, 403, 404, 401, 403, 401, 401],
        ),
        (
            PasswordStrength::PATH,
            qs(&PasswordStrength {
                password: "hunter2".into(),
                context: vec!["a@x.test".into(), "A".into(), "B".into()],
            }),
            [401, 403, 200, 401, 403, 401, 401],
        ),
        (
            UserClientsOf::PATH,
            qs(&UserClientsOf { id: nobody }),
            [401, 404, 404, 401, 404, 401, 401],
        ),
        (
            UnlockUser::PATH,
            qs(&UnlockUser { id: nobody }),
            [401, 403, 404, 401, 403, 401, 401],
        ),
        (
            UsersSharingPhone::PATH,
            qs(&UsersSharingPhone {
                region: "PL".into(),
                phone: "512 345 678".into(),
                except: None,
            }),
            [401, 200, 200, 401, 200, 401, 401],
        ),
        // Staff administration: `staff.manage` only.
        (ListStaff::PATH, qs(&ListStaff {}), MANAGE_STAFF),
        (
            UnlockStaff::PATH,
            qs(&UnlockStaff { id: nobody }),
            MANAGE_STAFF_MISSING,
        ),
        (
            CreateStaff::PATH,
            qs(&CreateStaff {
                form: StaffForm {
                    name: "Matrix Staff".into(),
                    email: "matrix-staff@roster.test".into(),
                    role_id: 2,
                },
                invite: false,
            }),
            MANAGE_STAFF,
        ),
        (
            StaffInvitationsByMail::PATH,
            qs(&StaffInvitationsByMail {}),
            MANAGE_STAFF,
        ),
        (
            ResendStaffInvitation::PATH,
            qs(&ResendStaffInvitation { id: nobody }),
            MANAGE_STAFF_MISSING,
        ),
        (
            UpdateStaff::PATH,
            qs(&UpdateStaff {
                id: nobody,
                version: 1,
                form: StaffForm {
                    name: "Nobody".into(),
                    email: "nobody-staff@roster.test".into(),
                    role_id: 2,
                },
            }),
            MANAGE_STAFF_MISSING,
        ),
        (
            SetStaffDisabled::PATH,
            qs(&SetStaffDisabled {
                id: nobody,
                disabled: true,
            }),
            MANAGE_STAFF_MISSING,
        ),
        (
            ResetStaffTwoFactor::PATH,
            qs(&ResetStaffTwoFactor { id: nobody }),
            MANAGE_STAFF_MISSING,
        ),
        (ListRoles::PATH, qs(&ListRoles {}), MANAGE_STAFF),
        (
            CreateRole::PATH,
            // No permissions at all: an empty list over the wire is a valid choice.
            qs(&CreateRole {
                form: RoleForm {
                    name: "Matrix role".into(),
                    permissions: Vec::new(),
                },
            }),
            MANAGE_STAFF,
        ),
        (
            UpdateRole::PATH,
            qs(&UpdateRole {
                id: 999,
                version: 1,
                form: RoleForm {
                    name: "Nothing".into(),
                    permissions: vec![Permission::UsersView],
                },
            }),
            MANAGE_STAFF_MISSING,
        ),
        (
            DeleteRole::PATH,
            qs(&DeleteRole { id: 999 }),
            MANAGE_STAFF_MISSING,
        ),
        // My profile: any signed-in staff member, on their own account.
        (StaffSessions::PATH, qs(&StaffSessions {}), ANY_STAFF),
        (MyApiTokens::PATH, qs(&MyApiTokens {}), ANY_STAFF),
        (
            CreateApiToken::PATH,
            qs(&CreateApiToken {
                name: "matrix".into(),
                scopes: vec![app::model::api_token::ApiScope::UsersRead],
                lifetime_days: Some(1),
            }),
            ANY_STAFF,
        ),
        (
            RevokeApiToken::PATH,
            qs(&RevokeApiToken { id: nobody }),
            [401, 404, 404, 401, 404, 401, 401],
        ),
        (
            EndStaffSession::PATH,
            qs(&EndStaffSession {
                id: "not-a-session".into(),
            }),
            [401, 404, 404, 401, 404, 401, 401],
        ),
        (
            EndOtherStaffSessions::PATH,
            qs(&EndOtherStaffSessions {}),
            ANY_STAFF,
        ),
        (
            ChangeStaffPassword::PATH,
            qs(&ChangeStaffPassword {
                current: "not it at all".into(),
                password: "a new long password 42".into(),
            }),
            [401, 422, 422, 401, 422, 401, 401],
        ),
        (
            StartStaffReenrolment::PATH,
            qs(&StartStaffReenrolment {}),
            ANY_STAFF,
        ),
        (
            ConfirmStaffReenrolment::PATH,
            qs(&ConfirmStaffReenrolment {
                current_code: "123456".into(),
                code: "123456".into(),
                pending: "forged".into(),
            }),
            [401, 409, 409, 401, 409, 401, 401],
        ),
        (
            ResetUserTwoFactor::PATH,
            qs(&ResetUserTwoFactor { id: nobody }),
            [401, 403, 404, 401, 403, 401, 401],
        ),
    ]
    .into_iter()
    .chain(sign_in_and_accounts_policy(nobody))
    .collect()
}
