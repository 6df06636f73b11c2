//! Phone numbers as stored: E.164, checked against the numbering plan of their country.
use crate::model::messages::Message;
use phonenumber::country;

/// `None` for no number; the E.164 form of a valid one; else the message for the field.
pub fn e164(input: &str, region: &str) -> Result<Option<String>, Message> {
    let input = input.trim();
    if input.is_empty() {
        return Ok(None);
    }
    let region_id = region
        .trim()
        .to_ascii_uppercase()
        .parse::<country::Id>()
        .ok();
    if region_id.is_none() && !input.starts_with('+') {
        return Err(Message::PhoneCountryMissing);
    }
    let number = phonenumber::parse(region_id, input).map_err(|_| Message::PhoneNotDigits)?;
    if !phonenumber::is_valid(&number) {
        return Err(match region_id {
            Some(_) if !input.starts_with('+') => {
                Message::PhoneInvalidIn(region.trim().to_ascii_uppercase())
            }
            _ => Message::PhoneInvalid,
        });
    }
    Ok(Some(
        number.format().mode(phonenumber::Mode::E164).to_string(),
    ))
}

/// A stored number as the form shows it: its region and the national format
/// ("+48512345678" -> ("PL", "512 345 678")); unknown regions keep the E.164 form.
pub fn for_form(e164: &str) -> (String, String) {
    let Ok(number) = phonenumber::parse(None, e164) else {
        return (String::new(), e164.to_owned());
    };
    match number.country().id() {
        Some(region) => (
            region.as_ref().to_owned(),
            number
                .format()
                .mode(phonenumber::Mode::National)
                .to_string(),
        ),
        None => (String::new(), e164.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::{e164, for_form, Message};

    #[test]
    fn stored_numbers_come_back_as_region_and_national_number() {
        assert_eq!(
            for_form("+48512345678"),
            ("PL".to_owned(), "512 345 678".to_owned())
        );
        let (region, national) = for_form("+14155552671");
        assert_eq!(region, "US");
        assert_eq!(
            e164(&national, &region).unwrap().as_deref(),
            Some("+14155552671")
        );
    }

    #[test]
    fn numbers_are_stored_in_e164_when_valid_for_their_country() {
        assert_eq!(
            e164("512 345 678", "PL").unwrap().as_deref(),
            Some("+48512345678")
        );
        assert_eq!(
            e164("+1 (415) 555-2671", "").unwrap().as_deref(),
            Some("+14155552671")
        );
        assert_eq!(
            e164("030 901820", "de").unwrap().as_deref(),
            Some("+4930901820")
        );
        assert_eq!(e164("  ", "PL").unwrap(), None);
        assert_eq!(e164("123", "PL"), Err(Message::PhoneInvalidIn("PL".into())));
        assert!(e164("512 345 678", "").is_err());
        assert!(e164("+48 12", "").is_err());
    }
}
