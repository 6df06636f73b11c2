//! The router on a fresh SQLite database, and callers of every kind, for the router's tests.
use crate::config::ServeArgs;
use crate::router::{build, leptos_options};
use app::auth::session::{self, Device, Impersonator, Kind, Stage, STAFF_COOKIE, USER_COOKIE};
use app::auth::{password::PasswordHasher, secret_box::SecretBox, session::SessionPolicy};
use app::model::{Permission, RoleForm};
use app::service::{audit::Actor, roles, staff, staff_admin};
use app::state::AppState;
use axum::body::Body;
use axum::http::{header, Request};
use axum::Router;
use migration::{Migrator, MigratorTrait};
use uuid::Uuid;

pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    dir: std::path::PathBuf,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Who is calling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Anonymous,
    /// A fully signed-in staff member with the view-only Support role.
    Support,
    Administrator,
    /// A client-area user, fully signed in.
    User,
    /// A custom role: view users, view and edit clients.
    BillingDesk,
    /// An Administrator who was disabled (their session is made after, as if it survived).
    Disabled,
    /// The Administrator signed in as the user ("sign in as user"): a user session.
    Impersonation,
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with(|_| {}).await
    }

    /// A test app whose state `adjust` changes first (policies, proxies).
    pub async fn with(adjust: impl FnOnce(&mut AppState)) -> Self {
        let dir = std::env::temp_dir().join(format!("roster-router-{}", Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let url = Self::url_in(&dir);
        let db = app::db::connect_for_schema(&url).await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        let db = app::db::reconnect(db, &url).await.unwrap();
        let mut state = AppState {
            db: app::db::Db::new(db),
            secrets: SecretBox::new(&[1u8; 32]),
            hasher: PasswordHasher::new(1),
            sessions: SessionPolicy::default(),
            sign_in: Default::default(),
            trusted_proxies: Default::default(),
            events: Default::default(),
            leptos_options: leptos_options(&ServeArgs::default()),
            api: Default::default(),
            passkeys: Default::default(),
        };
        adjust(&mut state);
        Self {
            router: build(state.clone()),
            state,
            dir,
        }
    }

    fn url_in(dir: &std::path::Path) -> String {
        format!("sqlite://{}/r.db?mode=rwc", dir.display())
    }

    /// Loses `table` from under the server, as a failing database would.
    pub async fn drop_table(&self, table: &str) {
        app::testing::drop_table_from_outside(&Self::url_in(&self.dir), table).await;
    }

    /// A staff member of `role` ("Administrator", "Support"); returns the id.
    /// An API token of `staff` with `scopes`, as their profile would make it.
    pub async fn api_token(
        &self,
        staff: Uuid,
        scopes: &[app::model::api_token::ApiScope],
    ) -> String {
        use app::service::api_tokens::{self, NewToken};
        let owner = app::auth::guard::load_staff(&self.state.db, staff)
            .await
            .unwrap()
            .unwrap();
        let new = NewToken {
            name: "matrix".into(),
            scopes: scopes.to_vec(),
            lifetime_days: None,
        };
        api_tokens::create(&self.state.db, &owner, new, &Actor::cli())
            .await
            .unwrap()
            .1
    }

    /// The router's answer to `req`.
    pub async fn send(&self, req: Request<Body>) -> axum::response::Response {
        use tower::ServiceExt;
        self.router.clone().oneshot(req).await.unwrap()
    }

    pub async fn staff(&self, email: &str, role: &str) -> Uuid {
        let input = staff::NewStaff {
            email: email.into(),
            name: role.into(),
            role: role.into(),
            password: "a long enough password".into(),
            totp_secret: None,
        };
        let s = &self.state;
        staff::create_staff(&s.db, &s.hasher, &s.secrets, input, &Actor::cli())
            .await
            .unwrap()
    }

    /// A new, fully signed-in session's cookie header for `caller` (`None`: anonymous).
    pub async fn cookie(&self, caller: Caller, ids: &Callers) -> Option<String> {
        let (kind, id, name) = match caller {
            Caller::Anonymous => return None,
            Caller::Support => (Kind::Staff, ids.support, STAFF_COOKIE),
            Caller::Administrator => (Kind::Staff, ids.admin, STAFF_COOKIE),
            Caller::User => (Kind::User, ids.user, USER_COOKIE),
            Caller::BillingDesk => (Kind::Staff, ids.billing, STAFF_COOKIE),
            Caller::Disabled => (Kind::Staff, ids.disabled, STAFF_COOKIE),
            Caller::Impersonation => {
                let by = Impersonator {
                    id: ids.admin,
                    name: "Administrator".into(),
                };
                let s = session::create_impersonation(
                    &self.state.db,
                    ids.user,
                    &by,
                    "the matrix",
                    &Device::default(),
                    self.state.db.now(),
                )
                .await
                .unwrap();
                return Some(format!("{USER_COOKIE}={}", s.token));
            }
        };
        let s = session::create(
            &self.state.db,
            kind,
            id,
            Stage::Full,
            &Device::default(),
            self.state.db.now(),
        )
        .await
        .unwrap();
        Some(format!("{name}={}", s.token))
    }

    /// One of each kind of signed-in caller.
    pub async fn callers(&self) -> Callers {
        let form = RoleForm {
            name: "Billing desk".into(),
            permissions: vec![
                Permission::UsersView,
                Permission::ClientsView,
                Permission::ClientsEdit,
            ],
        };
        roles::create_role(&self.state.db, &form, &Actor::cli())
            .await
            .unwrap();
        let disabled = self.staff("gone@roster.test", "Administrator").await;
        Callers {
            support: self.staff("support@roster.test", "Support").await,
            admin: self.staff("admin@roster.test", "Administrator").await,
            billing: self.staff("billing@roster.test", "Billing desk").await,
            disabled: {
                staff_admin::set_disabled(&self.state.db, disabled, true, &Actor::cli())
                    .await
                    .unwrap();
                disabled
            },
            user: app::testing::insert_user(
                &self.state.db,
                "user@x.test",
                app::model::user_list::UserStatus::Active,
            )
            .await,
            client: app::testing::insert_client(&self.state.db, "Matrix Ltd").await,
        }
    }
}

pub struct Callers {
    pub support: Uuid,
    pub admin: Uuid,
    pub billing: Uuid,
    pub disabled: Uuid,
    pub user: Uuid,
    pub client: Uuid,
}

/// A same-origin server-function call, as the browser makes it.
pub fn server_fn_call(path: &str, body: String, cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::post(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    req.body(Body::from(body)).unwrap()
}

pub fn page(path: &str, cookie: Option<&str>) -> Request<Body> {
    let mut req = Request::get(path);
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    req.body(Body::empty()).unwrap()
}

/// A response's body as text.
pub async fn body_text(res: axum::response::Response) -> String {
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .unwrap();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A response's body as JSON.
pub async fn json_of(res: axum::response::Response) -> serde_json::Value {
    serde_json::from_str(&body_text(res).await).unwrap()
}
