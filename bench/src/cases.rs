//! The list cases `make bench` measures, with search terms taken from the seeded data.
use anyhow::Context;
use app::api::{ListClients, ListUsers, LoadDashboard};
use app::model::client_list::ClientListQuery;
use app::model::user_list::UserListQuery;
use leptos::server_fn::ServerFn;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use std::collections::HashMap;

#[derive(Clone)]
pub struct Case {
    pub name: String,
    pub endpoint: &'static str,
    /// The form body the browser sends; for the public API (`endpoint` empty), the path and
    /// query of a GET.
    pub body: String,
}

impl Case {
    fn api(name: String, path_and_query: String) -> Self {
        Self {
            name,
            endpoint: "",
            body: path_and_query,
        }
    }
}

/// The list cases, with terms taken from the seeded data.
pub async fn cases(db: &DatabaseConnection) -> anyhow::Result<Vec<Case>> {
    let common = text(
        db,
        "SELECT first_name AS v FROM users GROUP BY first_name ORDER BY count(*) DESC LIMIT 1",
    )
    .await?;
    let email = text(
        db,
        "SELECT email AS v FROM users ORDER BY created_at, id LIMIT 1 OFFSET 500000",
    )
    .await?;
    let phone = text(db, "SELECT phone AS v FROM users WHERE phone IS NOT NULL ORDER BY created_at, id LIMIT 1 OFFSET 300000").await?;
    let fragment: String = phone.chars().skip(4).take(6).collect();
    let prefix: String = email.chars().take(6).collect();
    let company = text(db, "SELECT company_name AS v FROM clients WHERE company_name IS NOT NULL ORDER BY created_at, id LIMIT 1 OFFSET 100000").await?;
    let owner = text(db, "SELECT u.email AS v FROM client_users c JOIN users u ON u.id = c.user_id WHERE c.owner ORDER BY c.created_at, c.client_id LIMIT 1 OFFSET 50000").await?;
    let tax: String = text(db, "SELECT tax_id AS v FROM clients WHERE tax_id IS NOT NULL ORDER BY created_at, id LIMIT 1 OFFSET 70000").await?.chars().skip(2).take(7).collect();
    let user = |name: String, params: &str| -> anyhow::Result<Case> {
        let map = params_map(params);
        let query = UserListQuery::from_params(|k| map.get(k).cloned());
        Ok(Case {
            name,
            endpoint: ListUsers::PATH,
            body: serde_qs::to_string(&ListUsers { query })?,
        })
    };
    let client = |name: String, params: &str| -> anyhow::Result<Case> {
        let map = params_map(params);
        let query = ClientListQuery::from_params(|k| map.get(k).cloned());
        Ok(Case {
            name,
            endpoint: ListClients::PATH,
            body: serde_qs::to_string(&ListClients { query })?,
        })
    };
    Ok(vec![
        user("first page, no filter".into(), "")?,
        user(
            format!("common first name \"{common}\""),
            &format!("q={common}"),
        )?,
        user("rare exact email".into(), &format!("q={email}"))?,
        user(
            format!("phone fragment \"{fragment}\""),
            &format!("q={fragment}"),
        )?,
        user(
            "status inactive, sorted by name".into(),
            "status=inactive&sort=name&dir=asc",
        )?,
        user("page 2,000".into(), "page=2000")?,
        user(
            "sorted by last sign-in (never first)".into(),
            "sort=signin&dir=asc",
        )?,
        user("never signed in, newest first".into(), "signin=never")?,
        user(
            "no sign-in for 90 days, sorted by name".into(),
            "signin=dormant&sort=name&dir=asc",
        )?,
        user(
            "no sign-in for 90 days, newest first".into(),
            "signin=dormant",
        )?,
        user(
            format!("\"{common}\" + status new + 2FA required"),
            &format!("q={common}&status=new&tfa=required"),
        )?,
        // The same searches through the public API.
        Case::api("API: first page, no filter".into(), "/api/v1/users".into()),
        Case::api(
            format!("API: common first name \"{common}\""),
            format!("/api/v1/users?q={common}"),
        ),
        Case::api(
            "API: rare exact email".into(),
            format!("/api/v1/users?q={email}"),
        ),
        Case::api(
            format!("API: phone fragment \"{fragment}\""),
            format!("/api/v1/users?q={fragment}"),
        ),
        Case::api(
            "API: status inactive, sorted by name, 200 a page".into(),
            "/api/v1/users?status=inactive&sort=name&dir=asc&limit=200".into(),
        ),
        // SCIM's lookups at a million users (the token has `scim:all`: every user in reach).
        Case::api(
            "SCIM: userName eq (rare exact email)".into(),
            format!(
                "/scim/v2/Users?filter={}",
                scim_filter(&format!("userName eq \"{email}\""))
            ),
        ),
        Case::api(
            format!("SCIM: userName sw \"{prefix}\", 100 a page"),
            format!(
                "/scim/v2/Users?count=100&filter={}",
                scim_filter(&format!("userName sw \"{prefix}\""))
            ),
        ),
        Case::api(
            "SCIM: userName sw \"a\", 100 a page".into(),
            format!(
                "/scim/v2/Users?count=100&filter={}",
                scim_filter("userName sw \"a\"")
            ),
        ),
        client("clients: first page, no filter".into(), "")?,
        client(
            "clients: rare exact company name".into(),
            &format!("q={company}"),
        )?,
        client("clients: owner's exact email".into(), &format!("q={owner}"))?,
        client(
            format!("clients: tax ID fragment \"{tax}\""),
            &format!("q={tax}"),
        )?,
        client(
            "clients: status fraud, sorted by name".into(),
            "status=fraud&sort=name&dir=asc",
        )?,
        client("clients: page 2,000".into(), "page=2000")?,
        Case {
            name: "dashboard (counts, 90-day charts, recent activity)".into(),
            endpoint: LoadDashboard::PATH,
            body: String::new(),
        },
    ])
}

/// A SCIM filter in a query string.
fn scim_filter(filter: &str) -> String {
    filter
        .replace('%', "%25")
        .replace(' ', "%20")
        .replace('"', "%22")
        .replace('+', "%2B")
        .replace('&', "%26")
}

pub async fn text(db: &DatabaseConnection, sql: &str) -> anyhow::Result<String> {
    let row = db
        .query_one(Statement::from_string(db.get_database_backend(), sql))
        .await?
        .context("the database has no users: seed it first")?;
    Ok(row.try_get("", "v")?)
}

/// `a=1&b=2` as a map.
fn params_map(params: &str) -> HashMap<String, String> {
    params
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}
