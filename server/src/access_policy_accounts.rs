//! The access policy's second half: sign-in steps, the client area, mail, a user's sessions,
//! "sign in as user" and the public link pages' functions (`access_policy` holds the console's).
use crate::access_policy::{qs, Expect};
use app::api::*;
use app::model::account::Profile;
use app::model::mail::{LinkPurpose, MailQuery};
use app::model::passkey::PasskeyHolder;
use leptos::server_fn::ServerFn;
use uuid::Uuid;

/// (path, arguments, expected statuses) for the functions outside the console; `nobody` is an
/// id that names nothing.
pub(crate) fn sign_in_and_accounts_policy(nobody: Uuid) -> Vec<(&'static str, String, Expect)> {
    vec![
        // Staff sign-in: open to all, refusing wrong credentials alike; the later steps
        // need a session in that step, which no caller here has.
        (
            StaffSignIn::PATH,
            qs(&StaffSignIn {
                email: "admin@roster.test".into(),
                password: "wrong password!".into(),
            }),
            // As for users: the same wrong password four times in a row, the fourth waits.
            [401, 401, 401, 429, 429, 429, 429],
        ),
        (
            StaffVerifyCode::PATH,
            qs(&StaffVerifyCode {
                code: "123456".into(),
            }),
            [401; 7],
        ),
        (
            StartStaffEnrolment::PATH,
            qs(&StartStaffEnrolment {}),
            [401; 7],
        ),
        (
            StaffConfirmEnrolment::PATH,
            qs(&StaffConfirmEnrolment {
                code: "123456".into(),
                password: String::new(),
            }),
            [401; 7],
        ),
        (StaffSignOut::PATH, qs(&StaffSignOut {}), [200; 7]),
        (
            CurrentStaff::PATH,
            qs(&CurrentStaff {}),
            [401, 200, 200, 401, 200, 401, 401],
        ),
        // The client area: its own sessions only; staff sessions are not user sessions.
        (
            UserSignIn::PATH,
            qs(&UserSignIn {
                email: "user@x.test".into(),
                password: "wrong password!".into(),
            }),
            // The same wrong password four times in a row: the fourth must wait.
            [401, 401, 401, 429, 429, 429, 429],
        ),
        (
            UserVerifyCode::PATH,
            qs(&UserVerifyCode {
                code: "123456".into(),
            }),
            [401; 7],
        ),
        (
            StartUserEnrolment::PATH,
            qs(&StartUserEnrolment {}),
            [401, 401, 401, 200, 401, 401, 403],
        ),
        (
            UserConfirmEnrolment::PATH,
            qs(&UserConfirmEnrolment {
                code: "123456".into(),
            }),
            [401, 401, 401, 422, 401, 401, 403],
        ),
        (UserSignOut::PATH, qs(&UserSignOut {}), [200; 7]),
        (
            MyAccount::PATH,
            qs(&MyAccount {}),
            [401, 401, 401, 200, 401, 401, 200],
        ),
        (
            UpdateMyProfile::PATH,
            qs(&UpdateMyProfile {
                profile: Profile {
                    first_name: "Uma".into(),
                    last_name: "Ser".into(),
                    language: "en".into(),
                },
            }),
            [401, 401, 401, 200, 401, 401, 200],
        ),
        (
            ChangeMyPassword::PATH,
            qs(&ChangeMyPassword {
                current: "not it at all".into(),
                password: "a new long password 42".into(),
            }),
            [401, 401, 401, 422, 401, 401, 403],
        ),
        (
            RegenerateMyRecoveryCodes::PATH,
            qs(&RegenerateMyRecoveryCodes {
                code: "123456".into(),
            }),
            [401, 401, 401, 409, 401, 401, 403],
        ),
        (
            DisableMyTwoFactor::PATH,
            qs(&DisableMyTwoFactor {
                password: "not it at all".into(),
            }),
            [401, 401, 401, 422, 401, 401, 403],
        ),
        // Mail: the log for staff with `mail.view`, links for anyone who has one.
        (
            ListMail::PATH,
            qs(&ListMail {
                query: MailQuery::default(),
            }),
            [401, 200, 200, 401, 403, 401, 401],
        ),
        (
            OpenMail::PATH,
            qs(&OpenMail { id: nobody }),
            [401, 404, 404, 401, 403, 401, 401],
        ),
        (
            SendUserLink::PATH,
            qs(&SendUserLink {
                id: nobody,
                purpose: LinkPurpose::ResetPassword,
            }),
            [401, 403, 404, 401, 403, 401, 401],
        ),
        (
            UserOpenLinks::PATH,
            qs(&UserOpenLinks { id: nobody }),
            [401, 200, 200, 401, 200, 401, 401],
        ),
        // A user's sessions: Support and the Billing desk see them, only users.edit ends them.
        (
            UserSessions::PATH,
            qs(&UserSessions { id: nobody }),
            [401, 404, 404, 401, 404, 401, 401],
        ),
        (
            UserSignInHistory::PATH,
            qs(&UserSignInHistory { id: nobody }),
            [401, 200, 200, 401, 200, 401, 401],
        ),
        (
            EndUserSessions::PATH,
            qs(&EndUserSessions {
                id: nobody,
                session: None,
            }),
            [401, 403, 404, 401, 403, 401, 401],
        ),
        // The user's own (one that is not theirs: 404); a staff member signed in as the user
        // cannot end them. Both Option forms cross the wire here.
        (
            MyUserSessions::PATH,
            qs(&MyUserSessions {}),
            [401, 401, 401, 200, 401, 401, 200],
        ),
        (
            EndMyUserSessions::PATH,
            qs(&EndMyUserSessions {
                session: Some("not-a-session".into()),
            }),
            [401, 401, 401, 404, 401, 401, 403],
        ),
        (
            MySignInHistory::PATH,
            qs(&MySignInHistory {}),
            [401, 401, 401, 200, 401, 401, 200],
        ),
        // Sign in as user: users.impersonate (Administrator; not Support nor the Billing desk);
        // the way back only from a session opened so.
        (
            SignInAsUser::PATH,
            qs(&SignInAsUser {
                id: nobody,
                reason: "ticket 1: cannot find an invoice".into(),
            }),
            [401, 403, 404, 401, 403, 401, 401],
        ),
        (
            ReturnToConsole::PATH,
            qs(&ReturnToConsole {}),
            [401, 401, 401, 403, 401, 401, 200],
        ),
        (
            ExpireUserLink::PATH,
            qs(&ExpireUserLink {
                id: nobody,
                purpose: LinkPurpose::ResetPassword,
            }),
            [401, 403, 404, 401, 403, 401, 401],
        ),
        // The same answer for any address, known or not; from the sixth request for one
        // address within a quarter of an hour, they wait.
        (
            ForgotPassword::PATH,
            qs(&ForgotPassword {
                email: "nobody@x.test".into(),
            }),
            [200, 200, 200, 200, 200, 429, 429],
        ),
        (
            ResendVerification::PATH,
            qs(&ResendVerification {
                email: "nobody@x.test".into(),
            }),
            [200, 200, 200, 200, 200, 429, 429],
        ),
        (
            CheckLink::PATH,
            qs(&CheckLink {
                token: "not-a-token".into(),
                purpose: LinkPurpose::ResetPassword,
            }),
            [422; 7],
        ),
        (
            SetPasswordByLink::PATH,
            qs(&SetPasswordByLink {
                token: "not-a-token".into(),
                purpose: LinkPurpose::ResetPassword,
                password: "a new long password 42".into(),
            }),
            [422; 7],
        ),
        (
            VerifyEmail::PATH,
            qs(&VerifyEmail {
                token: "not-a-token".into(),
            }),
            [422; 7],
        ),
        (
            StaffInvitation::PATH,
            qs(&StaffInvitation {
                token: "not-a-token".into(),
            }),
            [422; 7],
        ),
        (
            AcceptStaffInvitation::PATH,
            qs(&AcceptStaffInvitation {
                token: "not-a-token".into(),
                password: "a new long password 42".into(),
            }),
            [422; 7],
        ),
    ]
    .into_iter()
    .chain(passkeys_policy(nobody))
    .collect()
}

/// Passkeys: each holder's own functions resolve that holder's session only; the sign-in's
/// first step is open to all, its answer needs the ceremony, the second factor a session
/// past the password.
fn passkeys_policy(nobody: Uuid) -> Vec<(&'static str, String, Expect)> {
    let (user, staff) = (PasskeyHolder::User, PasskeyHolder::Staff);
    let answer = || "{}".to_owned();
    vec![
        (
            MyPasskeys::PATH,
            qs(&MyPasskeys { holder: user }),
            [401, 401, 401, 200, 401, 401, 200],
        ),
        (
            StartPasskeyRegistration::PATH,
            qs(&StartPasskeyRegistration { holder: staff }),
            [401, 200, 200, 401, 200, 401, 401],
        ),
        (
            FinishPasskeyRegistration::PATH,
            qs(&FinishPasskeyRegistration {
                holder: user,
                ceremony: nobody,
                answer: answer(),
                name: "Phone".into(),
            }),
            [401, 401, 401, 422, 401, 401, 403],
        ),
        (
            RenameMyPasskey::PATH,
            qs(&RenameMyPasskey {
                holder: staff,
                id: nobody,
                name: "Key".into(),
            }),
            [401, 404, 404, 401, 404, 401, 401],
        ),
        (
            RemoveMyPasskey::PATH,
            qs(&RemoveMyPasskey {
                holder: user,
                id: nobody,
            }),
            [401, 401, 401, 404, 401, 401, 403],
        ),
        (
            StartPasskeySignIn::PATH,
            qs(&StartPasskeySignIn { holder: user }),
            [200; 7],
        ),
        (
            FinishPasskeySignIn::PATH,
            qs(&FinishPasskeySignIn {
                holder: staff,
                ceremony: nobody,
                answer: answer(),
            }),
            [422; 7],
        ),
        (
            SecondFactorOptions::PATH,
            qs(&SecondFactorOptions { holder: user }),
            [200; 7],
        ),
        (
            StartPasskeySecondFactor::PATH,
            qs(&StartPasskeySecondFactor { holder: staff }),
            [401; 7],
        ),
        (
            FinishPasskeySecondFactor::PATH,
            qs(&FinishPasskeySecondFactor {
                holder: user,
                ceremony: nobody,
                answer: answer(),
            }),
            [401; 7],
        ),
        (
            RemoveUserPasskeys::PATH,
            qs(&RemoveUserPasskeys { id: nobody }),
            [401, 403, 404, 401, 403, 401, 401],
        ),
    ]
}
