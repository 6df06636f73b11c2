//! Who may call what: the expected answer of every server function and page to each kind of
//! caller, checked by `access_tests` (and reused by `secrets_tests` to call everything).
use crate::test_app::Caller;
use app::api::*;
use app::model::account::Profile;
use app::model::activity::ActivityQuery;
use app::model::client::ClientPermission;
use app::model::client_form::ClientForm;
use app::model::client_list::ClientListQuery;
use app::model::mail::{LinkPurpose, MailQuery};
use app::model::user_form::UserForm;
use app::model::user_list::UserListQuery;
use leptos::server_fn::ServerFn;
use uuid::Uuid;

pub(crate) const CALLERS: [Caller; 4] = [
    Caller::Anonymous,
    Caller::Support,
    Caller::Administrator,
    Caller::User,
];

/// Expected statuses for [anonymous, Support, Administrator, user]. Ids that name nothing
/// make a permitted call answer 404: the caller got past authorization to the service.
pub(crate) type Expect = [u16; 4];

const STAFF_VIEW: Expect = [401, 200, 200, 401];
const STAFF_EDIT_MISSING: Expect = [401, 403, 404, 401];
const STAFF_READ_MISSING: Expect = [401, 404, 404, 401];
const USER_ONLY: Expect = [401, 401, 401, 200];

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
            [401, 403, 200, 401],
        ),
        (LoadDashboard::PATH, qs(&LoadDashboard {}), STAFF_VIEW),
        (
            ListClients::PATH,
            qs(&ListClients {
                query: ClientListQuery::default(),
            }),
            STAFF_VIEW,
        ),
        (
            LoadClient::PATH,
            qs(&LoadClient { id: nobody }),
            STAFF_READ_MISSING,
        ),
        (
            ClientForEdit::PATH,
            qs(&ClientForEdit { id: nobody }),
            STAFF_EDIT_MISSING,
        ),
        (
            CreateClient::PATH,
            qs(&CreateClient {
                form: client_form.clone(),
            }),
            [401, 403, 200, 401],
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
            STAFF_EDIT_MISSING,
        ),
        (
            PickUsers::PATH,
            qs(&PickUsers {
                id: nobody,
                term: "ann".into(),
            }),
            [401, 403, 200, 401],
        ),
        (
            AssociateUser::PATH,
            qs(&AssociateUser {
                id: nobody,
                user: nobody,
                owner: false,
                permissions: permissions.clone(),
            }),
            STAFF_EDIT_MISSING,
        ),
        (
            SetClientPermissions::PATH,
            qs(&SetClientPermissions {
                id: nobody,
                user: nobody,
                permissions,
            }),
            STAFF_EDIT_MISSING,
        ),
        (
            MakeClientOwner::PATH,
            qs(&MakeClientOwner {
                id: nobody,
                user: nobody,
            }),
            STAFF_EDIT_MISSING,
        ),
        (
            RemoveClientUser::PATH,
            qs(&RemoveClientUser {
                id: nobody,
                user: nobody,
            }),
            STAFF_EDIT_MISSING,
        ),
        (
            ListUsers::PATH,
            qs(&ListUsers {
                query: UserListQuery::default(),
            }),
            STAFF_VIEW,
        ),
        (
            UserForEdit::PATH,
            qs(&UserForEdit { id: nobody }),
            STAFF_EDIT_MISSING,
        ),
        (
            CreateUser::PATH,
            qs(&CreateUser {
                form: user_form.clone(),
            }),
            [401, 403, 200, 401],
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
            STAFF_EDIT_MISSING,
        ),
        (
            UserClientsForDelete::PATH,
            qs(&UserClientsForDelete { id: nobody }),
            [401, 403, 200, 401],
        ),
        (
            DeleteUser::PATH,
            qs(&DeleteUser { id: nobody }),
            STAFF_EDIT_MISSING,
        ),
        (
            PasswordStrength::PATH,
            qs(&PasswordStrength {
                password: "hunter2".into(),
                context: vec!["a@x.test".into(), "A".into(), "B".into()],
            }),
            [401, 403, 200, 401],
        ),
        (
            UserClientsOf::PATH,
            qs(&UserClientsOf { id: nobody }),
            STAFF_READ_MISSING,
        ),
        (
            UnlockUser::PATH,
            qs(&UnlockUser { id: nobody }),
            STAFF_EDIT_MISSING,
        ),
        (
            UsersSharingPhone::PATH,
            qs(&UsersSharingPhone {
                region: "PL".into(),
                phone: "512 345 678".into(),
                except: None,
            }),
            STAFF_VIEW,
        ),
        (ListStaff::PATH, qs(&ListStaff {}), [401, 403, 200, 401]),
        (
            UnlockStaff::PATH,
            qs(&UnlockStaff { id: nobody }),
            [401, 403, 404, 401],
        ),
        (
            ResetUserTwoFactor::PATH,
            qs(&ResetUserTwoFactor { id: nobody }),
            STAFF_EDIT_MISSING,
        ),
        // Staff sign-in: open to all, refusing wrong credentials alike; the later steps
        // need a session in that step, which no caller here has.
        (
            StaffSignIn::PATH,
            qs(&StaffSignIn {
                email: "admin@roster.test".into(),
                password: "wrong password!".into(),
            }),
            // As for users: the same wrong password four times in a row, the fourth waits.
            [401, 401, 401, 429],
        ),
        (
            StaffVerifyCode::PATH,
            qs(&StaffVerifyCode {
                code: "123456".into(),
            }),
            [401; 4],
        ),
        (
            StartStaffEnrolment::PATH,
            qs(&StartStaffEnrolment {}),
            [401; 4],
        ),
        (
            StaffConfirmEnrolment::PATH,
            qs(&StaffConfirmEnrolment {
                code: "123456".into(),
            }),
            [401; 4],
        ),
        (StaffSignOut::PATH, qs(&StaffSignOut {}), [200; 4]),
        (CurrentStaff::PATH, qs(&CurrentStaff {}), STAFF_VIEW),
        // The client area: its own sessions only; staff sessions are not user sessions.
        (
            UserSignIn::PATH,
            qs(&UserSignIn {
                email: "user@x.test".into(),
                password: "wrong password!".into(),
            }),
            // The same wrong password four times in a row: the fourth must wait.
            [401, 401, 401, 429],
        ),
        (
            UserVerifyCode::PATH,
            qs(&UserVerifyCode {
                code: "123456".into(),
            }),
            [401; 4],
        ),
        (
            StartUserEnrolment::PATH,
            qs(&StartUserEnrolment {}),
            [401, 401, 401, 200],
        ),
        (
            UserConfirmEnrolment::PATH,
            qs(&UserConfirmEnrolment {
                code: "123456".into(),
            }),
            [401, 401, 401, 422],
        ),
        (UserSignOut::PATH, qs(&UserSignOut {}), [200; 4]),
        (MyAccount::PATH, qs(&MyAccount {}), USER_ONLY),
        (
            UpdateMyProfile::PATH,
            qs(&UpdateMyProfile {
                profile: Profile {
                    first_name: "Uma".into(),
                    last_name: "Ser".into(),
                    language: "en".into(),
                },
            }),
            USER_ONLY,
        ),
        (
            ChangeMyPassword::PATH,
            qs(&ChangeMyPassword {
                current: "not it at all".into(),
                password: "a new long password 42".into(),
            }),
            [401, 401, 401, 422],
        ),
        (
            RegenerateMyRecoveryCodes::PATH,
            qs(&RegenerateMyRecoveryCodes {
                code: "123456".into(),
            }),
            [401, 401, 401, 409],
        ),
        (
            DisableMyTwoFactor::PATH,
            qs(&DisableMyTwoFactor {
                password: "not it at all".into(),
            }),
            [401, 401, 401, 422],
        ),
        // Mail: the log for staff with `mail.view`, links for anyone who has one.
        (
            ListMail::PATH,
            qs(&ListMail {
                query: MailQuery::default(),
            }),
            STAFF_VIEW,
        ),
        (
            OpenMail::PATH,
            qs(&OpenMail { id: nobody }),
            STAFF_READ_MISSING,
        ),
        (
            SendUserLink::PATH,
            qs(&SendUserLink {
                id: nobody,
                purpose: LinkPurpose::ResetPassword,
            }),
            STAFF_EDIT_MISSING,
        ),
        (
            UserOpenLinks::PATH,
            qs(&UserOpenLinks { id: nobody }),
            STAFF_VIEW,
        ),
        (
            ExpireUserLink::PATH,
            qs(&ExpireUserLink {
                id: nobody,
                purpose: LinkPurpose::ResetPassword,
            }),
            STAFF_EDIT_MISSING,
        ),
        // The same answer for any address, known or not.
        (
            ForgotPassword::PATH,
            qs(&ForgotPassword {
                email: "nobody@x.test".into(),
            }),
            [200; 4],
        ),
        (
            ResendVerification::PATH,
            qs(&ResendVerification {
                email: "nobody@x.test".into(),
            }),
            [200; 4],
        ),
        (
            CheckLink::PATH,
            qs(&CheckLink {
                token: "not-a-token".into(),
                purpose: LinkPurpose::ResetPassword,
            }),
            [422; 4],
        ),
        (
            SetPasswordByLink::PATH,
            qs(&SetPasswordByLink {
                token: "not-a-token".into(),
                purpose: LinkPurpose::ResetPassword,
                password: "a new long password 42".into(),
            }),
            [422; 4],
        ),
        (
            VerifyEmail::PATH,
            qs(&VerifyEmail {
                token: "not-a-token".into(),
            }),
            [422; 4],
        ),
    ]
}
