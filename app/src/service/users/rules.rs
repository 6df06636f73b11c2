//! The form's rules on the server: the shared ones again, plus numbering plans, common
//! passwords and uniqueness.
use super::{password_policy, phone};
use crate::db::users;
use crate::model::messages::Message;
use crate::model::user_form::{check, FieldError, FormMode, UserForm};
use crate::model::validate;
use crate::service::ServiceError;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, SqlErr};
use uuid::Uuid;

/// A form that passed every rule, in stored form.
pub(crate) struct Clean {
    pub email: String,
    pub email_norm: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub admin_notes: String,
}

/// The browser's rules again, plus the server's own: numbering plans, common passwords.
pub(crate) fn clean(form: &UserForm, mode: FormMode) -> Result<Clean, ServiceError> {
    let mut errors = check(form, mode);
    let phone = match phone::e164(&form.phone, &form.phone_region) {
        Ok(phone) => phone,
        Err(message) => {
            if !errors.iter().any(|e| e.field == "phone") {
                errors.push(FieldError::new("phone", message));
            }
            None
        }
    };
    let invited = mode == FormMode::Create && form.invite;
    if !form.password.is_empty()
        && !invited
        && !errors.iter().any(|e| e.field == "password")
        && password_policy::is_common(&form.password)
    {
        errors.push(FieldError::new("password", Message::CommonPassword));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    let email = form.email.trim().to_owned();
    Ok(Clean {
        email_norm: validate::email_norm(&email),
        email,
        first_name: form.first_name.trim().to_owned(),
        last_name: form.last_name.trim().to_owned(),
        phone,
        admin_notes: form.admin_notes.clone(),
    })
}

/// An email belongs to one user; `except` is the user being edited. (Phone numbers may be
/// shared: offices have one number for several people; the form warns, see `phone_users`.)
/// An email is also a user name to SCIM (migration 19), so it must not be another user's
/// provider-given name either; with SCIM's user name (`provisioned`), that name too must be
/// no one else's email or name.
pub(super) async fn check_unique(
    db: &impl ConnectionTrait,
    clean: &Clean,
    except: Option<Uuid>,
    provisioned: Option<&super::Provisioned>,
) -> Result<(), ServiceError> {
    let others = || {
        let query = users::Entity::find();
        match except {
            Some(id) => query.filter(users::Column::Id.ne(id)),
            None => query,
        }
    };
    let name_of = crate::search::scim::user_name(crate::search::Dialect::of(db));
    let email = clean.email_norm.clone();
    let email_holder = others()
        .filter(
            users::Column::EmailNorm
                .eq(email.clone())
                .or(Expr::expr(name_of.clone()).eq(email)),
        )
        .one(db)
        .await?;
    if email_holder.is_some() {
        return Err(ServiceError::Fields(vec![email_taken()]));
    }
    let Some(name) = provisioned.and_then(|p| p.user_name.as_deref()) else {
        return Ok(());
    };
    let name = validate::email_norm(name);
    let name_holder = others()
        .filter(
            users::Column::EmailNorm
                .eq(name.clone())
                .or(Expr::expr(name_of).eq(name)),
        )
        .one(db)
        .await?;
    match name_holder {
        Some(_) => Err(ServiceError::Fields(vec![user_name_taken()])),
        None => Ok(()),
    }
}

fn email_taken() -> FieldError {
    FieldError::new("email", Message::EmailTaken)
}

fn user_name_taken() -> FieldError {
    FieldError::new("user_name", Message::UserNameTaken)
}

/// Two saves racing past `check_unique`: the database's unique constraints decide, and the
/// loser gets the same message as if it had been checked first. Which of the two indexes an
/// engine names for a duplicate email varies; the name index means the user name only when
/// the save gave one apart from the email (`own_user_name`).
pub(super) fn unique_violation(own_user_name: bool) -> impl Fn(DbErr) -> ServiceError {
    move |err| match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(detail))
            if own_user_name && detail.contains("scim_user_name") =>
        {
            ServiceError::Fields(vec![user_name_taken()])
        }
        Some(SqlErr::UniqueConstraintViolation(detail))
            if detail.contains("email") || detail.contains("scim_user_name") =>
        {
            ServiceError::Fields(vec![email_taken()])
        }
        _ => ServiceError::Db(err),
    }
}
