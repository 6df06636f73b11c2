//! The form's rules on the server: the shared ones again, plus numbering plans, common
//! passwords and uniqueness.
use super::{password_policy, phone};
use crate::db::users;
use crate::model::messages::Message;
use crate::model::user_form::{check, FieldError, FormMode, UserForm};
use crate::model::validate;
use crate::service::ServiceError;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, SqlErr};
use uuid::Uuid;

/// A form that passed every rule, in stored form.
pub(super) struct Clean {
    pub email: String,
    pub email_norm: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub admin_notes: String,
}

/// The browser's rules again, plus the server's own: numbering plans, common passwords.
pub(super) fn clean(form: &UserForm, mode: FormMode) -> Result<Clean, ServiceError> {
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
pub(super) async fn check_unique(
    db: &impl ConnectionTrait,
    clean: &Clean,
    except: Option<Uuid>,
) -> Result<(), ServiceError> {
    let mut query =
        users::Entity::find().filter(users::Column::EmailNorm.eq(clean.email_norm.clone()));
    if let Some(id) = except {
        query = query.filter(users::Column::Id.ne(id));
    }
    match query.one(db).await? {
        Some(_) => Err(ServiceError::Fields(vec![email_taken()])),
        None => Ok(()),
    }
}

fn email_taken() -> FieldError {
    FieldError::new("email", Message::EmailTaken)
}

/// Two saves racing past `check_unique`: the database's unique constraint decides, and the
/// loser gets the same message as if it had been checked first.
pub(super) fn unique_violation(err: DbErr) -> ServiceError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(detail)) if detail.contains("email") => {
            ServiceError::Fields(vec![email_taken()])
        }
        _ => ServiceError::Db(err),
    }
}
