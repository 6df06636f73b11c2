//! The caller's address behind load balancers: `X-Forwarded-For` and `Forwarded` are believed
//! only from peers in `ROSTER_TRUSTED_PROXIES`, so a client cannot pick the address its
//! sign-in failures are counted against, and the audit trail records the real caller.
use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

/// The resolved address of the caller, put on each request by the server's middleware.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// The proxies whose forwarding headers are believed (none by default).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// `"10.0.0.0/8, 192.168.1.10"`: CIDR blocks or single addresses, comma-separated.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("not an address or CIDR block: {s:?}"))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The caller: the connecting peer, or, when it is a trusted proxy, the nearest address in
    /// its forwarding chain that is not itself a trusted proxy.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = peer.to_canonical();
        if !self.trusts(peer) {
            return peer;
        }
        let chain = forwarded_for(headers).unwrap_or_default();
        let mut client = peer;
        // Right to left: each hop was added by the proxy before it; stop at the first hop
        // that no trusted proxy vouches for.
        for hop in chain.into_iter().rev() {
            let Some(ip) = hop else { break };
            client = ip.to_canonical();
            if !self.trusts(client) {
                break;
            }
        }
        client
    }
}

/// The chain of addresses from `Forwarded` (RFC 7239) or else `X-Forwarded-For`, leftmost
/// first; `None` for an obfuscated or unreadable hop.
fn forwarded_for(headers: &HeaderMap) -> Option<Vec<Option<IpAddr>>> {
    let values = |name: &str| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_owned())
            .collect()
    };
    let forwarded = values("forwarded");
    if !forwarded.is_empty() {
        let hops = forwarded
            .iter()
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (key, value) = pair.trim().split_once('=')?;
                    key.eq_ignore_ascii_case("for").then(|| node(value))
                })
            })
            .collect();
        return Some(hops);
    }
    let xff = values("x-forwarded-for");
    (!xff.is_empty()).then(|| xff.iter().map(|hop| node(hop)).collect())
}

/// `192.0.2.1`, `"[2001:db8::1]:4711"`, `192.0.2.1:80` -> the address.
fn node(value: &str) -> Option<IpAddr> {
    let v = value.trim().trim_matches('"');
    if let Some(rest) = v.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    v.parse()
        .ok()
        .or_else(|| v.rsplit_once(':').and_then(|(host, _)| host.parse().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(
                axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarding_headers_count_only_from_trusted_proxies() {
        let none = TrustedProxies::default();
        let lb = TrustedProxies::parse("10.0.0.0/8, 192.168.1.10").unwrap();
        let xff = headers(&[("x-forwarded-for", "203.0.113.5")]);
        // Nobody trusted: the header is the caller's own claim.
        assert_eq!(none.client_ip(ip("10.0.0.2"), &xff), ip("10.0.0.2"));
        // From the balancer: its word is taken.
        assert_eq!(lb.client_ip(ip("10.0.0.2"), &xff), ip("203.0.113.5"));
        assert_eq!(lb.client_ip(ip("192.168.1.10"), &xff), ip("203.0.113.5"));
        // From anyone else: ignored.
        assert_eq!(lb.client_ip(ip("198.51.100.7"), &xff), ip("198.51.100.7"));
    }

    #[test]
    fn a_forged_leftmost_hop_does_not_win() {
        let lb = TrustedProxies::parse("10.0.0.0/8").unwrap();
        // The client sent "X-Forwarded-For: 1.2.3.4"; the balancer appended the real address.
        let chain = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.5, 10.0.0.3")]);
        assert_eq!(lb.client_ip(ip("10.0.0.2"), &chain), ip("203.0.113.5"));
        let split = headers(&[
            ("x-forwarded-for", "1.2.3.4"),
            ("x-forwarded-for", "203.0.113.5"),
        ]);
        assert_eq!(lb.client_ip(ip("10.0.0.2"), &split), ip("203.0.113.5"));
    }

    #[test]
    fn forwarded_is_read_with_ports_brackets_and_quotes() {
        let lb = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let h = headers(&[(
            "forwarded",
            r#"for=1.2.3.4, for="[2001:db8:cafe::17]:4711";proto=https"#,
        )]);
        assert_eq!(lb.client_ip(ip("10.0.0.2"), &h), ip("2001:db8:cafe::17"));
        let h = headers(&[("forwarded", "for=192.0.2.60:8080;by=10.0.0.1")]);
        assert_eq!(lb.client_ip(ip("10.0.0.2"), &h), ip("192.0.2.60"));
        // An obfuscated hop ends the walk at the last known address: the proxy.
        let h = headers(&[("forwarded", "for=_hidden")]);
        assert_eq!(lb.client_ip(ip("10.0.0.2"), &h), ip("10.0.0.2"));
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("").unwrap().0.is_empty());
    }
}
