//! Which client a request comes from, for limits per client address. The TCP peer, unless the
//! peer is a proxy on this machine or on the private network (loopback or a private address, as
//! `deploy/` sets it up; the app's own port is never public then): then the address the proxy
//! saw, which it appends last to `X-Forwarded-For`. Earlier entries of that header are whatever
//! the client claimed and are never trusted.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientAddress(String);

impl ClientAddress {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn from_parts(peer: Option<IpAddr>, forwarded_for: Option<&str>) -> ClientAddress {
        let proxied = forwarded_for
            .and_then(|header| header.rsplit(',').next())
            .and_then(|last| last.trim().parse::<IpAddr>().ok());
        let address = match (peer, proxied) {
            (Some(peer), Some(client)) if is_proxy(peer) => client,
            (Some(peer), _) => peer,
            (None, Some(client)) => client,
            (None, None) => return ClientAddress("unknown".to_owned()),
        };
        ClientAddress(address.to_string())
    }
}

fn is_proxy(peer: IpAddr) -> bool {
    match peer {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_private(),
        IpAddr::V6(v6) => v6.is_loopback() || v6.is_unique_local(),
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddress {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        Ok(ClientAddress::from_parts(peer, forwarded))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Option<IpAddr> {
        s.parse().ok()
    }

    #[test]
    fn the_proxys_view_counts_only_behind_a_local_proxy() {
        let behind_proxy = ClientAddress::from_parts(ip("127.0.0.1"), Some("1.1.1.1, 203.0.113.7"));
        assert_eq!(behind_proxy.as_str(), "203.0.113.7");
        let lan_proxy = ClientAddress::from_parts(ip("10.0.0.2"), Some("203.0.113.7"));
        assert_eq!(lan_proxy.as_str(), "203.0.113.7");
        let direct = ClientAddress::from_parts(ip("198.51.100.2"), Some("203.0.113.7"));
        assert_eq!(
            direct.as_str(),
            "198.51.100.2",
            "a remote client cannot choose its address"
        );
        let garbage = ClientAddress::from_parts(ip("127.0.0.1"), Some("not an address"));
        assert_eq!(garbage.as_str(), "127.0.0.1");
    }
}
