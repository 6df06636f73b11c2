//! Word lists for demo data: common given and family names from the countries whose phone
//! numbers the seeder makes, so names, numbers and languages go together.

pub struct Country {
    pub dial: &'static str,
    /// National number shapes: `#` is any digit, other characters are literal.
    pub mobile: &'static [&'static str],
    pub language: &'static str,
    pub first: &'static [&'static str],
    pub last: &'static [&'static str],
    pub domains: &'static [&'static str],
}

pub const COUNTRIES: &[Country] = &[
    Country {
        dial: "1",
        mobile: &[
            "415555####",
            "212555####",
            "312555####",
            "617555####",
            "206555####",
        ],
        language: "en",
        first: &[
            "James",
            "Mary",
            "John",
            "Patricia",
            "Robert",
            "Jennifer",
            "Michael",
            "Linda",
            "David",
            "Elizabeth",
            "William",
            "Susan",
            "Sarah",
            "Daniel",
            "Emily",
            "Ashley",
        ],
        last: &[
            "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
            "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin",
        ],
        domains: &["gmail.com", "outlook.com", "yahoo.com", "icloud.com"],
    },
    Country {
        dial: "44",
        mobile: &["7700######", "7911######", "7400######"],
        language: "en",
        first: &[
            "Oliver",
            "Amelia",
            "George",
            "Isla",
            "Harry",
            "Ava",
            "Jack",
            "Olivia",
            "Charlotte",
            "Thomas",
        ],
        last: &[
            "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas",
            "Roberts", "Walker",
        ],
        domains: &["gmail.com", "btinternet.com", "outlook.com"],
    },
    Country {
        dial: "49",
        mobile: &["151########", "160#######", "170########", "176########"],
        language: "de",
        first: &[
            "Lukas", "Anna", "Leon", "Lea", "Finn", "Emma", "Jonas", "Hannah", "Paul", "Sophie",
            "Felix", "Marie",
        ],
        last: &[
            "Müller",
            "Schmidt",
            "Schneider",
            "Fischer",
            "Weber",
            "Meyer",
            "Wagner",
            "Becker",
            "Schulz",
            "Hoffmann",
        ],
        domains: &["web.de", "gmx.de", "t-online.de", "gmail.com"],
    },
    Country {
        dial: "48",
        mobile: &["5########", "6########", "7########", "88#######"],
        language: "pl",
        first: &[
            "Jakub",
            "Zuzanna",
            "Antoni",
            "Julia",
            "Jan",
            "Maja",
            "Szymon",
            "Hanna",
            "Piotr",
            "Agnieszka",
            "Tomasz",
            "Katarzyna",
        ],
        last: &[
            "Nowak",
            "Kowalski",
            "Wiśniewski",
            "Wójcik",
            "Kowalczyk",
            "Kamiński",
            "Lewandowski",
            "Zieliński",
            "Szymański",
            "Woźniak",
        ],
        domains: &["wp.pl", "onet.pl", "interia.pl", "gmail.com"],
    },
    Country {
        dial: "33",
        mobile: &["6########", "7########"],
        language: "fr",
        first: &[
            "Gabriel", "Louise", "Raphaël", "Jade", "Léo", "Ambre", "Louis", "Chloé", "Hugo",
            "Camille",
        ],
        last: &[
            "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
            "Leroy", "Moreau",
        ],
        domains: &["orange.fr", "free.fr", "laposte.net", "gmail.com"],
    },
    Country {
        dial: "380",
        mobile: &[
            "50#######",
            "66#######",
            "67#######",
            "93#######",
            "97#######",
        ],
        language: "uk",
        first: &[
            "Oleksandr",
            "Olena",
            "Andrii",
            "Iryna",
            "Dmytro",
            "Natalia",
            "Serhii",
            "Tetiana",
            "Mykola",
            "Oksana",
        ],
        last: &[
            "Melnyk",
            "Shevchenko",
            "Boyko",
            "Kovalenko",
            "Bondarenko",
            "Tkachenko",
            "Kravchenko",
            "Oliinyk",
            "Shevchuk",
            "Koval",
        ],
        domains: &["ukr.net", "gmail.com", "i.ua"],
    },
    Country {
        dial: "34",
        mobile: &["6########", "7########"],
        language: "es",
        first: &[
            "Hugo",
            "Lucía",
            "Martín",
            "Sofía",
            "Mateo",
            "Martina",
            "Pablo",
            "María",
            "Alejandro",
            "Paula",
        ],
        last: &[
            "García",
            "Rodríguez",
            "González",
            "Fernández",
            "López",
            "Martínez",
            "Sánchez",
            "Pérez",
            "Gómez",
            "Martín",
        ],
        domains: &["gmail.com", "hotmail.es", "telefonica.net"],
    },
];

pub const COMPANY_WORDS: &[&str] = &[
    "Northwind",
    "Bluebird",
    "Granite",
    "Silverline",
    "Evergreen",
    "Brightpath",
    "Ironclad",
    "Summit",
    "Harbor",
    "Redwood",
    "Polar",
    "Atlas",
    "Nimbus",
    "Cobalt",
    "Juniper",
    "Vertex",
    "Aurora",
    "Keystone",
    "Pioneer",
    "Meridian",
];
pub const COMPANY_KINDS: &[&str] = &[
    "Hosting",
    "Digital",
    "Labs",
    "Systems",
    "Media",
    "Networks",
    "Software",
    "Consulting",
    "Logistics",
    "Studio",
];
pub const COMPANY_FORMS: &[&str] = &["Ltd", "GmbH", "Sp. z o.o.", "SAS", "LLC", "S.L.", "Inc."];

/// Email-safe ASCII form of a name ("Wiśniewski" -> "wisniewski").
pub fn ascii_slug(name: &str) -> String {
    name.chars()
        .filter_map(|c| {
            let c = match c {
                'ä' | 'á' | 'à' | 'â' | 'ą' => 'a',
                'ö' | 'ó' | 'ô' => 'o',
                'ü' | 'ú' | 'û' => 'u',
                'é' | 'è' | 'ê' | 'ë' | 'ę' => 'e',
                'í' | 'ï' | 'î' => 'i',
                'ł' => 'l',
                'ń' | 'ñ' => 'n',
                'ś' => 's',
                'ć' | 'ç' => 'c',
                'ź' | 'ż' => 'z',
                c => c,
            };
            c.is_ascii_alphanumeric().then(|| c.to_ascii_lowercase())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs() {
        assert_eq!(super::ascii_slug("Wiśniewski"), "wisniewski");
        assert_eq!(super::ascii_slug("Raphaël"), "raphael");
        assert_eq!(super::ascii_slug("Müller"), "muller");
    }
}
