//! SCIM filters and PATCH paths (RFC 7644 §3.4.2.2 and §3.5.2), parsed into a small tree.
//! Operators and attribute names are case-insensitive; precedence is `not`, then `and`, then
//! `or`; parentheses group; `attr[filter]` filters a multi-valued attribute's values.
//! What each attribute means, and which index answers it, is `search::scim`'s business.

/// An attribute as a filter or a path names it: `userName`, `name.familyName`,
/// `urn:ietf:params:scim:schemas:core:2.0:User:userName` (the URN kept, the name bare).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttrPath {
    pub urn: Option<String>,
    pub name: String,
    pub sub: Option<String>,
}

impl AttrPath {
    /// The path in lower case, `name` or `name.sub`, without its URN: what a schema lookup
    /// compares (attribute names are case-insensitive).
    pub fn key(&self) -> String {
        match &self.sub {
            Some(sub) => format!("{}.{}", self.name, sub).to_lowercase(),
            None => self.name.to_lowercase(),
        }
    }

    fn parse(word: &str) -> Result<Self, FilterError> {
        let (urn, rest) = match word.to_ascii_lowercase().starts_with("urn:") {
            true => {
                let at = word.rfind(':').ok_or(FilterError::Syntax)?;
                (Some(word[..at].to_owned()), &word[at + 1..])
            }
            false => (None, word),
        };
        let (name, sub) = match rest.split_once('.') {
            Some((name, sub)) => (name, Some(sub)),
            None => (rest, None),
        };
        let valid = |s: &str| {
            s.chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '$')
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-$".contains(c))
        };
        if !valid(name) || sub.is_some_and(|s| !valid(s)) {
            return Err(FilterError::Syntax);
        }
        Ok(Self {
            urn,
            name: name.to_owned(),
            sub: sub.map(str::to_owned),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

impl CompareOp {
    fn parse(word: &str) -> Option<Self> {
        Some(match word.to_ascii_lowercase().as_str() {
            "eq" => Self::Eq,
            "ne" => Self::Ne,
            "co" => Self::Co,
            "sw" => Self::Sw,
            "ew" => Self::Ew,
            "gt" => Self::Gt,
            "ge" => Self::Ge,
            "lt" => Self::Lt,
            "le" => Self::Le,
            _ => return None,
        })
    }
}

/// A comparison's value: JSON's scalars.
#[derive(Debug, Clone, PartialEq)]
pub enum CompValue {
    Str(String),
    Num(f64),
    Bool(bool),
    Null,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Compare(AttrPath, CompareOp, CompValue),
    Present(AttrPath),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    /// `emails[type eq "work"]`: some value of the attribute matches the inner filter, whose
    /// paths name the value's sub-attributes.
    Values(AttrPath, Box<Filter>),
}

/// A PATCH operation's target: an attribute, optionally narrowed to the values matching a
/// filter, optionally one sub-attribute of those values (`emails[type eq "work"].value`).
#[derive(Debug, Clone, PartialEq)]
pub struct PatchPath {
    pub attr: AttrPath,
    pub filter: Option<Filter>,
    pub sub: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("the filter is not valid SCIM filter syntax")]
    Syntax,
    #[error("the filter is too long or too deeply nested")]
    TooComplex,
}

/// Filters longer than this, or nested deeper, are refused before any work is done.
const MAX_LEN: usize = 4096;
const MAX_DEPTH: usize = 32;

pub fn parse_filter(text: &str) -> Result<Filter, FilterError> {
    let mut parser = Parser::new(text)?;
    let filter = parser.or_expr(0)?;
    match parser.next() {
        None => Ok(filter),
        Some(_) => Err(FilterError::Syntax),
    }
}

pub fn parse_path(text: &str) -> Result<PatchPath, FilterError> {
    let mut parser = Parser::new(text)?;
    let Some(Token::Word(word)) = parser.next() else {
        return Err(FilterError::Syntax);
    };
    let attr = AttrPath::parse(&word)?;
    let path = match parser.next() {
        None => PatchPath {
            attr,
            filter: None,
            sub: None,
        },
        Some(Token::Open('[')) => {
            let filter = parser.or_expr(1)?;
            parser.expect(Token::Close(']'))?;
            let sub = match parser.next() {
                None => None,
                Some(Token::Word(w)) if w.starts_with('.') && w.len() > 1 => {
                    Some(AttrPath::parse(&w[1..])?.name)
                }
                Some(_) => return Err(FilterError::Syntax),
            };
            PatchPath {
                attr,
                filter: Some(filter),
                sub,
            }
        }
        Some(_) => return Err(FilterError::Syntax),
    };
    match parser.next() {
        None => Ok(path),
        Some(_) => Err(FilterError::Syntax),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Open(char),
    Close(char),
    Str(String),
    Word(String),
}

struct Parser {
    tokens: std::iter::Peekable<std::vec::IntoIter<Token>>,
}

impl Parser {
    fn new(text: &str) -> Result<Self, FilterError> {
        if text.len() > MAX_LEN {
            return Err(FilterError::TooComplex);
        }
        Ok(Self {
            tokens: tokenize(text)?.into_iter().peekable(),
        })
    }

    fn next(&mut self) -> Option<Token> {
        self.tokens.next()
    }

    fn expect(&mut self, token: Token) -> Result<(), FilterError> {
        match self.next() {
            Some(t) if t == token => Ok(()),
            _ => Err(FilterError::Syntax),
        }
    }

    fn keyword(&mut self, keyword: &str) -> bool {
        let found =
            matches!(self.tokens.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(keyword));
        if found {
            self.tokens.next();
        }
        found
    }

    fn or_expr(&mut self, depth: usize) -> Result<Filter, FilterError> {
        if depth > MAX_DEPTH {
            return Err(FilterError::TooComplex);
        }
        let mut left = self.and_expr(depth)?;
        while self.keyword("or") {
            left = Filter::Or(Box::new(left), Box::new(self.and_expr(depth)?));
        }
        Ok(left)
    }

    fn and_expr(&mut self, depth: usize) -> Result<Filter, FilterError> {
        let mut left = self.unary(depth)?;
        while self.keyword("and") {
            left = Filter::And(Box::new(left), Box::new(self.unary(depth)?));
        }
        Ok(left)
    }

    fn unary(&mut self, depth: usize) -> Result<Filter, FilterError> {
        if self.keyword("not") {
            self.expect(Token::Open('('))?;
            let inner = self.or_expr(depth + 1)?;
            self.expect(Token::Close(')'))?;
            return Ok(Filter::Not(Box::new(inner)));
        }
        match self.next() {
            Some(Token::Open('(')) => {
                let inner = self.or_expr(depth + 1)?;
                self.expect(Token::Close(')'))?;
                Ok(inner)
            }
            Some(Token::Word(word)) => self.attr_expr(AttrPath::parse(&word)?, depth),
            _ => Err(FilterError::Syntax),
        }
    }

    fn attr_expr(&mut self, path: AttrPath, depth: usize) -> Result<Filter, FilterError> {
        match self.next() {
            Some(Token::Open('[')) if depth < MAX_DEPTH => {
                let inner = self.or_expr(depth + 1)?;
                self.expect(Token::Close(']'))?;
                Ok(Filter::Values(path, Box::new(inner)))
            }
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("pr") => Ok(Filter::Present(path)),
            Some(Token::Word(w)) => {
                let op = CompareOp::parse(&w).ok_or(FilterError::Syntax)?;
                let value = match self.next() {
                    Some(Token::Str(s)) => CompValue::Str(s),
                    Some(Token::Word(w)) => literal(&w)?,
                    _ => return Err(FilterError::Syntax),
                };
                Ok(Filter::Compare(path, op, value))
            }
            _ => Err(FilterError::Syntax),
        }
    }
}

fn literal(word: &str) -> Result<CompValue, FilterError> {
    match word.to_ascii_lowercase().as_str() {
        "true" => Ok(CompValue::Bool(true)),
        "false" => Ok(CompValue::Bool(false)),
        "null" => Ok(CompValue::Null),
        _ => word
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite())
            .map(CompValue::Num)
            .ok_or(FilterError::Syntax),
    }
}

fn tokenize(text: &str) -> Result<Vec<Token>, FilterError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(at, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | '[' => {
                tokens.push(Token::Open(c));
                chars.next();
            }
            ')' | ']' => {
                tokens.push(Token::Close(c));
                chars.next();
            }
            '"' => {
                // A JSON string: serde_json reads the escapes.
                let mut end = None;
                let mut escaped = false;
                for (i, ch) in text[at + 1..].char_indices() {
                    match (escaped, ch) {
                        (false, '\\') => escaped = true,
                        (false, '"') => {
                            end = Some(at + 1 + i);
                            break;
                        }
                        _ => escaped = false,
                    }
                }
                let end = end.ok_or(FilterError::Syntax)?;
                let value: String =
                    serde_json::from_str(&text[at..=end]).map_err(|_| FilterError::Syntax)?;
                tokens.push(Token::Str(value));
                while chars.peek().is_some_and(|&(i, _)| i <= end) {
                    chars.next();
                }
            }
            _ => {
                let mut word = String::new();
                while let Some(&(_, ch)) = chars.peek() {
                    if ch.is_whitespace() || "()[]\"".contains(ch) {
                        break;
                    }
                    word.push(ch);
                    chars.next();
                }
                tokens.push(Token::Word(word));
            }
        }
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests;
