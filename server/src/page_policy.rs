//! Who may open which page: the expected status (and redirect) of every page and plain route
//! for each kind of caller (as in `access_policy::CALLERS`), checked by `access_tests` (and
//! reused by `secrets_tests`).
use uuid::Uuid;

type PageExpect = [(u16, &'static str); 7];

/// (path, expected status and redirect target per caller) for every page and plain route.
pub(crate) fn page_policy(client: Uuid) -> Vec<(String, PageExpect)> {
    let to_login = (303, "/admin/login");
    let staff_page = [
        to_login,
        (200, ""),
        (200, ""),
        to_login,
        (200, ""),
        to_login,
        to_login,
    ];
    // Pages of one permission the Administrator alone (of these callers) holds.
    let admin_page = [
        to_login,
        (403, ""),
        (200, ""),
        to_login,
        (403, ""),
        to_login,
        to_login,
    ];
    let open = [(200, ""); 7];
    // Enrolment and the account need a session of their own kind (a user's full session
    // may enrol from the account, but not one staff opened as the user); the code pages are
    // plain forms whose answer needs one.
    let user_only = [
        (401, ""),
        (401, ""),
        (401, ""),
        (200, ""),
        (401, ""),
        (401, ""),
        (403, ""),
    ];
    let to_user_login = (401, "/login");
    let signed_in_staff = (303, "/admin");
    let mut pages = vec![
        ("/".to_owned(), open),
        ("/login".to_owned(), open),
        ("/login/code".to_owned(), open),
        ("/login/enrol".to_owned(), user_only),
        (
            "/account".to_owned(),
            [
                to_user_login,
                to_user_login,
                to_user_login,
                (200, ""),
                to_user_login,
                to_user_login,
                (200, ""),
            ],
        ),
        ("/account/2fa".to_owned(), user_only),
        (
            "/admin/login".to_owned(),
            [
                (200, ""),
                signed_in_staff,
                signed_in_staff,
                (200, ""),
                signed_in_staff,
                (200, ""),
                (200, ""),
            ],
        ),
        ("/admin/login/code".to_owned(), open),
        ("/admin/login/enrol".to_owned(), [(401, ""); 7]),
        ("/healthz".to_owned(), open),
        (
            "/api/live".to_owned(),
            [
                (401, ""),
                (200, ""),
                (200, ""),
                (401, ""),
                (200, ""),
                (401, ""),
                (401, ""),
            ],
        ),
        ("/forgot-password".to_owned(), open),
        // Support reads the mail log; the Billing desk may not.
        (
            "/admin/mail".to_owned(),
            [
                to_login,
                (200, ""),
                (200, ""),
                to_login,
                (403, ""),
                to_login,
                to_login,
            ],
        ),
    ];
    for path in [
        "/admin/activity",
        "/admin/staff",
        "/admin/roles",
        "/admin/users/import",
    ] {
        pages.push((path.to_owned(), admin_page));
    }
    // A link's page opens for anyone; a token that is not valid answers 422 with a page
    // that says so and offers a new link.
    for path in [
        "/reset-password/not-a-token",
        "/invitation/not-a-token",
        "/verify-email/not-a-token",
        "/admin/invitation/not-a-token",
    ] {
        pages.push((path.to_owned(), [(422, ""); 7]));
    }
    for path in ["/admin", "/admin/users", "/admin/clients", "/admin/profile"] {
        pages.push((path.to_owned(), staff_page));
    }
    pages.push((format!("/admin/clients/{client}"), staff_page));
    pages.push((
        format!("/admin/users/import/{}", Uuid::now_v7()),
        [
            to_login,
            (403, ""),
            (404, ""),
            to_login,
            (403, ""),
            to_login,
            to_login,
        ],
    ));
    pages
}
