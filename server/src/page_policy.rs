//! Who may open which page: the expected status (and redirect) of every page and plain route
//! for each kind of caller, checked by `access_tests` (and reused by `secrets_tests`).
use uuid::Uuid;

/// (path, expected status and redirect target per caller) for every page and plain route.
pub(crate) fn page_policy(client: Uuid) -> Vec<(String, [(u16, &'static str); 4])> {
    let staff_page = [
        (303, "/admin/login"),
        (200, ""),
        (200, ""),
        (303, "/admin/login"),
    ];
    let open = [(200, ""); 4];
    // Enrolment and the account need a session of their own kind (a user's full session
    // may enrol from the account); the code pages are plain forms whose answer needs one.
    let user_only = [(401, ""), (401, ""), (401, ""), (200, "")];
    let mut pages = vec![
        ("/".to_owned(), open),
        ("/login".to_owned(), open),
        ("/login/code".to_owned(), open),
        ("/login/enrol".to_owned(), user_only),
        (
            "/account".to_owned(),
            [(401, "/login"), (401, "/login"), (401, "/login"), (200, "")],
        ),
        ("/account/2fa".to_owned(), user_only),
        (
            "/admin/login".to_owned(),
            [(200, ""), (303, "/admin"), (303, "/admin"), (200, "")],
        ),
        ("/admin/login/code".to_owned(), open),
        ("/admin/login/enrol".to_owned(), [(401, ""); 4]),
        ("/healthz".to_owned(), open),
        (
            "/api/live".to_owned(),
            [(401, ""), (200, ""), (200, ""), (401, "")],
        ),
    ];
    for path in ["/admin/activity", "/admin/staff"] {
        pages.push((
            path.to_owned(),
            [
                (303, "/admin/login"),
                (403, ""),
                (200, ""),
                (303, "/admin/login"),
            ],
        ));
    }
    pages.push(("/forgot-password".to_owned(), open));
    // A link's page opens for anyone; a token that is not valid answers 422 with a page
    // that says so and offers a new link.
    for path in [
        "/reset-password/not-a-token",
        "/invitation/not-a-token",
        "/verify-email/not-a-token",
    ] {
        pages.push((path.to_owned(), [(422, ""); 4]));
    }
    for path in ["/admin", "/admin/users", "/admin/clients", "/admin/mail"] {
        pages.push((path.to_owned(), staff_page));
    }
    pages.push((format!("/admin/clients/{client}"), staff_page));
    pages
}
