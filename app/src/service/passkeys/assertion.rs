//! Signing in with a passkey: alone (a discoverable credential names its account; the device
//! verified its user, so it is both factors), or as the second factor after a password. A
//! signature counter that goes back (a cloned credential) is refused by webauthn-rs.
use super::ceremony::{self, Purpose};
use super::registration::internal;
use super::{encode_id, records, Holder, HolderKind, RelyingParty};
use crate::db::passkeys;
use crate::model::messages::Message;
use crate::model::passkey::{PasskeyChallenge, PasskeyHolder};
use crate::service::ServiceError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;
use webauthn_rs::prelude::{
    AuthenticationResult, DiscoverableAuthentication, Passkey, PasskeyAuthentication,
    PublicKeyCredential,
};

/// What a passkey sign-in showed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assertion {
    /// No passkey of this kind of account has that credential id.
    Unknown,
    /// A registered passkey of `account`, but the answer failed a check (signature, origin,
    /// user verification, counter): a failed attempt on that account.
    Refused {
        account: Uuid,
    },
    Accepted {
        account: Uuid,
    },
}

impl Assertion {
    /// The account the passkey named and whether it passed; a passkey nobody has ends the
    /// sign-in here (with the message a refused one gets: it tells nothing more).
    pub fn account(self) -> Result<(Uuid, bool), ServiceError> {
        match self {
            Self::Unknown => {
                tracing::info!("sign-in with a passkey nobody has");
                Err(not_accepted())
            }
            Self::Refused { account } => Ok((account, false)),
            Self::Accepted { account } => Ok((account, true)),
        }
    }
}

/// What a person is told of a refused passkey.
pub fn not_accepted() -> ServiceError {
    ServiceError::SignInBlocked(Message::PasskeyNotAccepted)
}

/// Starts a sign-in where the device offers its passkeys for Roster (no email typed).
pub async fn start_sign_in(
    db: &impl ConnectionTrait,
    rp: &RelyingParty,
    kind: HolderKind,
    now: DateTime<Utc>,
) -> Result<PasskeyChallenge, ServiceError> {
    let (mut options, state) = rp
        .webauthn()?
        .start_discoverable_authentication()
        .map_err(internal)?;
    // A button the person pressed, not the browser's autofill suggestion.
    options.mediation = None;
    let ceremony = ceremony::open(db, kind, Purpose::SignIn, None, &state, now).await?;
    challenge(ceremony, &options)
}

pub async fn finish_sign_in(
    db: &impl ConnectionTrait,
    rp: &RelyingParty,
    kind: HolderKind,
    ceremony_id: Uuid,
    answer: &str,
    now: DateTime<Utc>,
) -> Result<Assertion, ServiceError> {
    let webauthn = rp.webauthn()?;
    let state: DiscoverableAuthentication =
        ceremony::take(db, kind, Purpose::SignIn, None, ceremony_id, now).await?;
    let answer = parse(answer)?;
    let Some(record) = find(db, kind, answer.get_credential_id()).await? else {
        return Ok(Assertion::Unknown);
    };
    let account = holder_of(&record).id;
    // The device names the account it keeps the passkey for: it must be the passkey's.
    if let Ok((handle, _)) = webauthn.identify_discoverable_authentication(&answer) {
        if handle != account {
            return Ok(Assertion::Refused { account });
        }
    }
    let mut passkey = stored(&record)?;
    let checked = webauthn.finish_discoverable_authentication_v2(&answer, state, &passkey);
    verdict(db, &record, &mut passkey, checked, now).await
}

/// Starts the second factor for `holder`, who gave a correct password: their passkeys only.
pub async fn start_second_factor(
    db: &impl ConnectionTrait,
    rp: &RelyingParty,
    holder: Holder,
    now: DateTime<Utc>,
) -> Result<PasskeyChallenge, ServiceError> {
    let webauthn = rp.webauthn()?;
    let passkeys = records(db, holder)
        .await?
        .iter()
        .map(stored)
        .collect::<Result<Vec<_>, _>>()?;
    if passkeys.is_empty() {
        return Err(ServiceError::validation(
            "passkey",
            Message::PasskeyNotAccepted,
        ));
    }
    let (options, state) = webauthn
        .start_passkey_authentication(&passkeys)
        .map_err(internal)?;
    let ceremony = ceremony::open(
        db,
        holder.kind,
        Purpose::SecondFactor,
        Some(holder.id),
        &state,
        now,
    )
    .await?;
    challenge(ceremony, &options)
}

/// Whether the answer proves `holder` (a passkey of someone else is `Refused` too).
pub async fn finish_second_factor(
    db: &impl ConnectionTrait,
    rp: &RelyingParty,
    holder: Holder,
    ceremony_id: Uuid,
    answer: &str,
    now: DateTime<Utc>,
) -> Result<Assertion, ServiceError> {
    let webauthn = rp.webauthn()?;
    let state: PasskeyAuthentication = ceremony::take(
        db,
        holder.kind,
        Purpose::SecondFactor,
        Some(holder.id),
        ceremony_id,
        now,
    )
    .await?;
    let refused = Assertion::Refused { account: holder.id };
    let answer = parse(answer)?;
    let Some(record) = find(db, holder.kind, answer.get_credential_id()).await? else {
        return Ok(refused);
    };
    if holder_of(&record) != holder {
        return Ok(refused);
    }
    let mut passkey = stored(&record)?;
    let checked = webauthn.finish_passkey_authentication(&answer, &state);
    verdict(db, &record, &mut passkey, checked, now).await
}

fn challenge(
    ceremony: Uuid,
    options: &impl serde::Serialize,
) -> Result<PasskeyChallenge, ServiceError> {
    Ok(PasskeyChallenge {
        ceremony,
        options: serde_json::to_string(options).map_err(internal)?,
    })
}

fn parse(answer: &str) -> Result<PublicKeyCredential, ServiceError> {
    serde_json::from_str(answer)
        .map_err(|_| ServiceError::validation("passkey", Message::Malformed))
}

fn stored(record: &passkeys::Model) -> Result<Passkey, ServiceError> {
    serde_json::from_str(&record.credential).map_err(internal)
}

fn holder_of(record: &passkeys::Model) -> Holder {
    match (record.user_id, record.staff_id) {
        (Some(id), _) => Holder::user(id),
        (None, Some(id)) => Holder::staff(id),
        // The table's CHECK makes every passkey someone's.
        (None, None) => unreachable!("a passkey without a holder"),
    }
}

async fn find(
    db: &impl ConnectionTrait,
    kind: HolderKind,
    credential_id: &[u8],
) -> Result<Option<passkeys::Model>, ServiceError> {
    let column = match kind {
        PasskeyHolder::User => passkeys::Column::UserId,
        PasskeyHolder::Staff => passkeys::Column::StaffId,
    };
    Ok(passkeys::Entity::find()
        .filter(passkeys::Column::CredentialId.eq(encode_id(credential_id)))
        .filter(column.is_not_null())
        .one(db)
        .await?)
}

/// Accepted: the new counter and the time of use are kept. Refused: logged for the operator
/// (the person only learns that the passkey was not accepted).
async fn verdict(
    db: &impl ConnectionTrait,
    record: &passkeys::Model,
    passkey: &mut Passkey,
    checked: Result<AuthenticationResult, webauthn_rs::prelude::WebauthnError>,
    now: DateTime<Utc>,
) -> Result<Assertion, ServiceError> {
    let account = holder_of(record).id;
    let result = match checked {
        Ok(result) => result,
        Err(e) => {
            tracing::info!(passkey = %record.id, error = %e, "passkey refused");
            return Ok(Assertion::Refused { account });
        }
    };
    passkey.update_credential(&result);
    passkeys::Entity::update_many()
        .col_expr(
            passkeys::Column::Credential,
            Expr::value(serde_json::to_string(passkey).map_err(internal)?),
        )
        .col_expr(passkeys::Column::LastUsedAt, Expr::value(now))
        .filter(passkeys::Column::Id.eq(record.id))
        .exec(db)
        .await?;
    Ok(Assertion::Accepted { account })
}
