//! "Also used by Ann Lee": shown under the phone number when other users have it too. Offices
//! share numbers, so this warns and links; it never blocks a save.
use crate::api::users_sharing_phone;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn SharedPhoneNotice(
    /// The (region, number) last left in the form; checked when it changes.
    checked: Signal<(String, String)>,
    /// The user being edited (not "another" user).
    except: Option<Uuid>,
) -> impl IntoView {
    let others = Resource::new(
        move || checked.get(),
        move |(region, phone)| async move {
            if phone.trim().is_empty() {
                return Ok(Vec::new());
            }
            users_sharing_phone(region, phone, except).await
        },
    );
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let others = others.await.unwrap_or_default();
                (!others.is_empty()).then(|| {
                    let (region, phone) = checked.get_untracked();
                    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
                    let search = format!("/admin/users?q={digits}");
                    let names = others.iter().map(|u| u.name.clone()).collect::<Vec<_>>().join(", ");
                    view! {
                        <p class="warning" role="status" id="user-phone-shared">
                            "Also used by " <a href=search target="_blank">{names}</a>
                            {format!(" ({region} {phone}). Saving is fine: offices share numbers.")}
                        </p>
                    }
                })
            })}
        </Transition>
    }
}
