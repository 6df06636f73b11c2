//! Server-side sessions. The cookie holds a random 256-bit token; the database holds only its
//! SHA-256, the subject, the sign-in stage and timestamps. Sessions are rotated (a new token)
//! whenever the stage rises, and expire after an idle period and an absolute lifetime.
use crate::db::sessions;
use chrono::{DateTime, Duration, Utc};
use cookie::{Cookie, SameSite};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, DeriveActiveEnum,
    EntityTrait, EnumIter, QueryFilter, QueryOrder, Set,
};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub const STAFF_COOKIE: &str = "roster_staff";
/// The client area's cookie: a user session never opens the staff console, nor the reverse.
pub const USER_COOKIE: &str = "roster_user";

/// How far a sign-in has got; stored in `sessions.stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")]
pub enum Stage {
    /// Password accepted; an authenticator code is due.
    Password,
    /// Password accepted; the account must enrol an authenticator first.
    Enrol,
    /// Fully signed in.
    Full,
}

/// Whose session it is; stored in `sessions.kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")]
pub enum Kind {
    Staff,
    User,
}

#[derive(Debug, Clone)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
    /// Adds `Secure` to cookies; on when Roster is served over https.
    pub secure_cookies: bool,
    /// How often an open live feed checks that its session still holds.
    pub feed_recheck: std::time::Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
            secure_cookies: false,
            feed_recheck: std::time::Duration::from_secs(30),
        }
    }
}

/// Where a session was opened from: the address and the browser's User-Agent, for "my
/// sessions" (kept short: a header can be long).
#[derive(Debug, Clone, Default)]
pub struct Device {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

impl Device {
    pub fn new(ip: Option<String>, user_agent: Option<&str>) -> Self {
        Self {
            ip,
            user_agent: user_agent.map(|ua| ua.chars().take(512).collect()),
        }
    }
}

/// A "sign in as user" session lasts at most this long, whatever the policy.
pub const IMPERSONATION_LIMIT: Duration = Duration::minutes(30);

#[derive(Debug, Clone)]
pub struct Session {
    pub token: String,
    pub subject_id: Uuid,
    pub stage: Stage,
    /// Set when a staff member opened this user session ("sign in as user").
    pub impersonator: Option<Impersonator>,
    pub created_at: DateTime<Utc>,
}

/// The staff member behind an impersonation session, as they were named when it began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Impersonator {
    pub id: Uuid,
    pub name: String,
}

impl Session {
    /// When the session ends at the latest, whatever the activity: for an impersonation.
    pub fn hard_end(&self) -> Option<DateTime<Utc>> {
        self.impersonator
            .as_ref()
            .map(|_| self.created_at + IMPERSONATION_LIMIT)
    }
}

/// The stored id of the session behind `token`.
pub(crate) fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub async fn create(
    db: &impl ConnectionTrait,
    kind: Kind,
    subject_id: Uuid,
    stage: Stage,
    device: &Device,
    now: DateTime<Utc>,
) -> Result<Session, DbErr> {
    insert(db, kind, subject_id, stage, device, None, now).await
}

/// A fully signed-in user session that `by` opens as user `user_id`, for `reason`.
pub async fn create_impersonation(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    by: &Impersonator,
    reason: &str,
    device: &Device,
    now: DateTime<Utc>,
) -> Result<Session, DbErr> {
    let (kind, stage) = (Kind::User, Stage::Full);
    insert(db, kind, user_id, stage, device, Some((by, reason)), now).await
}

async fn insert(
    db: &impl ConnectionTrait,
    kind: Kind,
    subject_id: Uuid,
    stage: Stage,
    device: &Device,
    impersonation: Option<(&Impersonator, &str)>,
    now: DateTime<Utc>,
) -> Result<Session, DbErr> {
    let token = new_token();
    sessions::ActiveModel {
        id: Set(hash(&token)),
        kind: Set(kind),
        subject_id: Set(subject_id),
        stage: Set(stage),
        created_at: Set(now),
        last_seen_at: Set(now),
        ip: Set(device.ip.clone()),
        user_agent: Set(device.user_agent.clone()),
        impersonator_id: Set(impersonation.map(|(by, _)| by.id)),
        impersonator_name: Set(impersonation.map(|(by, _)| by.name.clone())),
        reason: Set(impersonation.map(|(_, reason)| reason.to_owned())),
    }
    .insert(db)
    .await?;
    Ok(Session {
        token,
        subject_id,
        stage,
        impersonator: impersonation.map(|(by, _)| by.clone()),
        created_at: now,
    })
}

/// The live session for `token`, or None (unknown, wrong kind, idle or too old: such a session
/// is deleted). The caller is active: `last_seen_at` is refreshed (at most once a minute, to
/// spare the database).
pub async fn load(
    db: &impl ConnectionTrait,
    policy: &SessionPolicy,
    kind: Kind,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Session>, DbErr> {
    find(db, policy, kind, token, now, true).await
}

/// The same check without counting as activity: an open live feed is not a person at work,
/// so its re-checks must not keep an idle session alive.
pub async fn peek(
    db: &impl ConnectionTrait,
    policy: &SessionPolicy,
    kind: Kind,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<Session>, DbErr> {
    find(db, policy, kind, token, now, false).await
}

async fn find(
    db: &impl ConnectionTrait,
    policy: &SessionPolicy,
    kind: Kind,
    token: &str,
    now: DateTime<Utc>,
    active: bool,
) -> Result<Option<Session>, DbErr> {
    let Some(row) = sessions::Entity::find_by_id(hash(token)).one(db).await? else {
        return Ok(None);
    };
    let impersonation_over =
        row.impersonator_id.is_some() && now - row.created_at > IMPERSONATION_LIMIT;
    let expired = now - row.last_seen_at > policy.idle
        || now - row.created_at > policy.absolute
        || impersonation_over;
    if row.kind != kind || expired {
        if expired {
            sessions::Entity::delete_by_id(row.id).exec(db).await?;
        }
        return Ok(None);
    }
    if active && now - row.last_seen_at > Duration::minutes(1) {
        let mut seen: sessions::ActiveModel = row.clone().into();
        seen.last_seen_at = Set(now);
        seen.update(db).await?;
    }
    Ok(Some(Session {
        token: token.to_owned(),
        subject_id: row.subject_id,
        stage: row.stage,
        impersonator: row.impersonator_id.map(|id| Impersonator {
            id,
            name: row.impersonator_name.clone().unwrap_or_default(),
        }),
        created_at: row.created_at,
    }))
}

/// Replaces a session by a new one with a fresh token (at each step up of a sign-in; an
/// impersonation session is fully signed in from the start and never steps up).
pub async fn rotate(
    db: &impl ConnectionTrait,
    kind: Kind,
    old: &Session,
    stage: Stage,
    device: &Device,
    now: DateTime<Utc>,
) -> Result<Session, DbErr> {
    end(db, &old.token).await?;
    create(db, kind, old.subject_id, stage, device, now).await
}

pub async fn end(db: &impl ConnectionTrait, token: &str) -> Result<(), DbErr> {
    sessions::Entity::delete_by_id(hash(token)).exec(db).await?;
    Ok(())
}

/// Ends every session of one subject (password reset, deactivation, deletion, 2FA reset).
pub async fn end_all(
    db: &impl ConnectionTrait,
    kind: Kind,
    subject_id: Uuid,
) -> Result<u64, DbErr> {
    let res = sessions::Entity::delete_many()
        .filter(sessions::Column::Kind.eq(kind))
        .filter(sessions::Column::SubjectId.eq(subject_id))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// The live, fully signed-in sessions of one subject, the most recently seen first.
pub async fn list(
    db: &impl ConnectionTrait,
    policy: &SessionPolicy,
    kind: Kind,
    subject_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<sessions::Model>, DbErr> {
    sessions::Entity::find()
        .filter(sessions::Column::Kind.eq(kind))
        .filter(sessions::Column::SubjectId.eq(subject_id))
        .filter(sessions::Column::Stage.eq(Stage::Full))
        .filter(sessions::Column::LastSeenAt.gt(now - policy.idle))
        .filter(sessions::Column::CreatedAt.gt(now - policy.absolute))
        .filter(
            Condition::any()
                .add(sessions::Column::ImpersonatorId.is_null())
                .add(sessions::Column::CreatedAt.gt(now - IMPERSONATION_LIMIT)),
        )
        .order_by_desc(sessions::Column::LastSeenAt)
        .all(db)
        .await
}

/// Ends the session stored as `id` if it is one of this subject's; false when it is not
/// (gone already, or someone else's).
pub async fn end_of(
    db: &impl ConnectionTrait,
    kind: Kind,
    subject_id: Uuid,
    id: &str,
) -> Result<bool, DbErr> {
    let res = sessions::Entity::delete_many()
        .filter(sessions::Column::Kind.eq(kind))
        .filter(sessions::Column::SubjectId.eq(subject_id))
        .filter(sessions::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Ends every session of one subject but the one holding `keep` (a password change).
pub async fn end_others(
    db: &impl ConnectionTrait,
    kind: Kind,
    subject_id: Uuid,
    keep: &str,
) -> Result<u64, DbErr> {
    let res = sessions::Entity::delete_many()
        .filter(sessions::Column::Kind.eq(kind))
        .filter(sessions::Column::SubjectId.eq(subject_id))
        .filter(sessions::Column::Id.ne(hash(keep)))
        .exec(db)
        .await?;
    Ok(res.rows_affected)
}

/// The `Set-Cookie` value carrying a session token: HttpOnly, SameSite=Strict, whole site,
/// Secure when Roster is served over https.
pub fn set_cookie(name: &str, token: &str, policy: &SessionPolicy) -> String {
    session_cookie(name, token, policy).to_string()
}

/// The `Set-Cookie` value that removes the session cookie from the browser.
pub fn clear_cookie(name: &str, policy: &SessionPolicy) -> String {
    let mut cookie = session_cookie(name, "", policy);
    cookie.make_removal();
    cookie.to_string()
}

fn session_cookie(name: &str, value: &str, policy: &SessionPolicy) -> Cookie<'static> {
    Cookie::build((name.to_owned(), value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(policy.secure_cookies)
        .build()
}

/// The value of cookie `name` sent with a request (none when empty).
pub fn cookie_in(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    let header = headers.get(axum::http::header::COOKIE)?.to_str().ok()?;
    cookie_value(header, name)
}

/// The value of cookie `name` in a `Cookie` request header (none when empty).
fn cookie_value(cookie_header: &str, name: &str) -> Option<String> {
    Cookie::split_parse(cookie_header)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies() {
        let policy = SessionPolicy::default();
        let c = Cookie::parse(set_cookie(STAFF_COOKIE, "abc", &policy)).unwrap();
        assert_eq!(
            (c.name(), c.value(), c.path()),
            ("roster_staff", "abc", Some("/"))
        );
        assert_eq!(
            (c.http_only(), c.same_site(), c.secure()),
            (Some(true), Some(SameSite::Strict), None)
        );
        assert_eq!(
            cookie_value("a=1; roster_staff=abc; b=2", STAFF_COOKIE).as_deref(),
            Some("abc")
        );
        assert_eq!(cookie_value("roster_staff=", STAFF_COOKIE), None);
        assert_eq!(cookie_value("x_roster_staff=abc", STAFF_COOKIE), None);
        let secure = SessionPolicy {
            secure_cookies: true,
            ..policy
        };
        let gone = Cookie::parse(clear_cookie(STAFF_COOKIE, &secure)).unwrap();
        assert_eq!(gone.max_age(), Some(cookie::time::Duration::ZERO));
        assert_eq!((gone.value(), gone.secure()), ("", Some(true)));
    }
}
