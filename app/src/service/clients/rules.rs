//! The client form's rules on the server: the shared ones again, plus uniqueness of company
//! name and tax ID.
use crate::db::clients;
use crate::model::client_form::{check, ClientForm};
use crate::model::messages::Message;
use crate::model::user_form::FieldError;
use crate::service::ServiceError;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, SqlErr};
use uuid::Uuid;

/// A form that passed every rule, in stored form: trimmed, empty as absent, tax IDs in
/// capitals (so "pl123" and "PL123" are one tax ID).
pub(super) struct Clean {
    pub first_name: String,
    pub last_name: String,
    pub company_name: Option<String>,
    pub tax_id: Option<String>,
}

pub(super) fn clean(form: &ClientForm) -> Result<Clean, ServiceError> {
    let errors = check(form);
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    let present = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
    Ok(Clean {
        first_name: form.first_name.trim().to_owned(),
        last_name: form.last_name.trim().to_owned(),
        company_name: present(&form.company_name),
        tax_id: present(&form.tax_id).map(|t| t.to_uppercase()),
    })
}

/// Company name and tax ID belong to one client each; `except` is the client being edited.
pub(super) async fn check_unique(
    db: &impl ConnectionTrait,
    clean: &Clean,
    except: Option<Uuid>,
) -> Result<(), ServiceError> {
    let mut errors = Vec::new();
    let checks = [
        (
            clients::Column::CompanyName,
            &clean.company_name,
            company_taken as fn() -> FieldError,
        ),
        (clients::Column::TaxId, &clean.tax_id, tax_id_taken),
    ];
    for (column, value, message) in checks {
        let Some(value) = value else { continue };
        let mut query = clients::Entity::find().filter(column.eq(value.clone()));
        if let Some(id) = except {
            query = query.filter(clients::Column::Id.ne(id));
        }
        if query.one(db).await?.is_some() {
            errors.push(message());
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Fields(errors))
    }
}

fn company_taken() -> FieldError {
    FieldError::new("company_name", Message::CompanyTaken)
}

fn tax_id_taken() -> FieldError {
    FieldError::new("tax_id", Message::TaxIdTaken)
}

/// Two saves racing past `check_unique`: the database's unique constraint decides, and the
/// loser gets the same message as if it had been checked first.
pub(super) fn unique_violation(err: DbErr) -> ServiceError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(detail)) if detail.contains("company_name") => {
            ServiceError::Fields(vec![company_taken()])
        }
        Some(SqlErr::UniqueConstraintViolation(detail)) if detail.contains("tax_id") => {
            ServiceError::Fields(vec![tax_id_taken()])
        }
        _ => ServiceError::Db(err),
    }
}
