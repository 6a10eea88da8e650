//! Keeping passwords out of what a probe prints: `user:password@` becomes `user:***@`.

/// The URL with the password of its `user:password@` part, and any `password=` query value, replaced by `***`.
/// Text that is not a URL comes back unchanged.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return redact_query(url);
    };
    let start = scheme_end + 3;
    // The userinfo ends at the last `@` before the query: a password may hold `/` or `@` unencoded.
    let end = url[start..].find(['?', '#']).map_or(url.len(), |i| start + i);
    let redacted = match url[start..end].rfind('@') {
        Some(at) => {
            let userinfo = &url[start..start + at];
            match userinfo.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..start], &userinfo[..colon], &url[start + at..]),
                None => url.to_owned(),
            }
        }
        None => url.to_owned(),
    };
    redact_query(&redacted)
}

/// `password=…` (and `pass=`, `pwd=`) query values replaced by `***`.
fn redact_query(url: &str) -> String {
    let Some(q) = url.find('?') else {
        return url.to_owned();
    };
    let (head, query) = url.split_at(q + 1);
    let pairs: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if is_password_key(key) => format!("{key}=***"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{head}{}", pairs.join("&"))
}

fn is_password_key(key: &str) -> bool {
    matches!(key.to_ascii_lowercase().as_str(), "password" | "pass" | "pwd" | "sslpassword")
}

/// The secrets in a URL (its password, raw and percent-decoded), to scrub from any text a driver produced.
pub fn url_secrets(url: &str) -> Vec<String> {
    let mut secrets = Vec::new();
    if let Ok(parsed) = url::Url::parse(url) {
        if let Some(password) = parsed.password() {
            secrets.push(password.to_owned());
            secrets.push(percent_encoding::percent_decode_str(password).decode_utf8_lossy().into_owned());
        }
        for (key, value) in parsed.query_pairs() {
            if is_password_key(&key) {
                secrets.push(value.into_owned());
            }
        }
    }
    secrets.retain(|s| !s.is_empty());
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    secrets.dedup();
    secrets
}

/// `text` with every secret replaced by `***`.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    let mut text = text.to_owned();
    for secret in secrets {
        if text.contains(secret.as_str()) {
            text = text.replace(secret.as_str(), "***");
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_of_a_url_is_hidden() {
        assert_eq!(redact_url("postgres://app:s3cret@db:5432/app"), "postgres://app:***@db:5432/app");
        assert_eq!(
            redact_url("mysql://root:p/a@ss@127.0.0.1/x?ssl-mode=required"),
            "mysql://root:***@127.0.0.1/x?ssl-mode=required"
        );
        assert_eq!(redact_url("postgres://app@db/app"), "postgres://app@db/app");
        assert_eq!(redact_url("postgres://db/app?user=a&password=pw"), "postgres://db/app?user=a&password=***");
        assert_eq!(redact_url("sqlite:///var/lib/app.db?mode=ro"), "sqlite:///var/lib/app.db?mode=ro");
        assert_eq!(redact_url("not a url"), "not a url");
    }

    #[test]
    fn secrets_are_scrubbed_raw_and_decoded() {
        let secrets = url_secrets("postgres://app:p%40ss%20word@db/app");
        assert_eq!(scrub("auth failed: p%40ss%20word / p@ss word", &secrets), "auth failed: *** / ***");
        assert!(url_secrets("postgres://app@db/app").is_empty());
    }
}
