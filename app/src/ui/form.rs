//! Small form pieces shared by the console's forms and the sign-in pages.
use crate::i18n::Locale;
use crate::model::messages::Message;
use crate::model::user_form::FieldError;
use crate::model::AppError;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The error of the last submission, announced to screen readers; in the client area, in
/// the user's language.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let i18n = use_context::<I18nContext<Locale>>();
    move || {
        error.get().map(|e| {
            let text = match i18n {
                Some(i18n) => super::client_area::error_view(i18n.get_locale(), &e),
                None => e.to_string().into_any(),
            };
            view! { <p class="form-error" role="alert">{text}</p> }
        })
    }
}

/// What a form does when a field is left: runs `check` on that field and puts its message,
/// or none, in `errors`, so a rule answers as soon as the field is done with.
pub fn on_leave(
    errors: RwSignal<Vec<FieldError>>,
    check: impl Fn(&'static str) -> Option<Message> + Send + Sync + 'static,
) -> Callback<&'static str> {
    Callback::new(move |field: &'static str| {
        let found = check(field);
        errors.update(|all| {
            all.retain(|e| e.field != field);
            all.extend(found.map(|m| FieldError::new(field, m)));
        });
    })
}

/// The messages of `list` whose field the form shows no message next to (`placed` says which
/// it does), as one error for the form's message area: no server message goes unseen.
pub fn unplaced(list: &[FieldError], placed: impl Fn(&str) -> bool) -> Option<AppError> {
    let rest: Vec<_> = list.iter().filter(|e| !placed(&e.field)).cloned().collect();
    // `Fields` reads as its messages, one after another.
    (!rest.is_empty()).then_some(AppError::Fields(rest))
}

/// A failed save's error split in two: the messages of fields the form shows (`placed`), to
/// go next to them, and the rest, for the form's message area.
pub fn place_error(
    error: AppError,
    placed: impl Fn(&str) -> bool,
) -> (Vec<FieldError>, Option<AppError>) {
    let list = match error {
        AppError::Validation { field, message } => vec![FieldError::new(&field, message)],
        AppError::Fields(list) => list,
        other => return (Vec::new(), Some(other)),
    };
    let rest = unplaced(&list, &placed);
    (
        list.into_iter().filter(|e| placed(&e.field)).collect(),
        rest,
    )
}

/// The error of a server action's last result, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(Result::err))
}
