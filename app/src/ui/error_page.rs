use crate::model::AppError;
use leptos::prelude::*;
use leptos_meta::{Html, Title};

/// Sets the HTTP status of a server-rendered page.
fn set_status(_code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = axum::http::StatusCode::from_u16(_code) {
            response.set_status(status);
        }
    }
}

/// A full error page for an error a page could not recover from.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let (code, title, detail) = match &error {
        AppError::Forbidden => (403, "Access denied", error.to_string()),
        AppError::NotFound => (
            404,
            "Page not found",
            "There is nothing at this address.".to_owned(),
        ),
        AppError::Unauthorized(_) => (401, "Please sign in", error.to_string()),
        AppError::Internal { .. } => (500, "Something went wrong", error.to_string()),
        _ => (500, "Something went wrong", error.to_string()),
    };
    set_status(code);
    view! {
        <Title text=title/>
        <section class="error-page" aria-labelledby="error-title">
            <p class="error-code">{code}</p>
            <h1 id="error-title">{title}</h1>
            <p>{detail}</p>
            <p>
                <a href="/admin">"Back to the console"</a>
            </p>
        </section>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <Html attr:lang="en"/>
        <main class="centered">
            <ErrorPage error=AppError::NotFound/>
        </main>
    }
}
