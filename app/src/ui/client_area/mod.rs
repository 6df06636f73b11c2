//! The client area: where users sign in (`/login`) and look after their account (`/account`).
mod account;
mod login;
mod recovery_codes;
mod security;
mod user_enrol;

pub use account::AccountPage;
pub use login::{UserCodePage, UserLoginPage};
pub use user_enrol::UserEnrolPage;
