//! What an auditor needs to check sign-offs with stock OpenSSH and nothing else: an `allowed_signers` file (see
//! `ssh-keygen(1)`, "ALLOWED SIGNERS") and the `ssh-keygen -Y verify` command line for each statement.

use crate::NAMESPACE;

/// One line of an `allowed_signers` file: the principal may sign in namespace [`NAMESPACE`] with this key.
///
/// The key's comment is left out (only its type and base64 data are written). The principal should have passed
/// `runsheet_core::approval::validate_principal`, which refuses what would split the line.
pub fn allowed_signers_line(principal: &str, public_key: &str) -> String {
    let key: Vec<&str> = public_key.split_whitespace().take(2).collect();
    format!("{principal} namespaces=\"{NAMESPACE}\" {}", key.join(" "))
}

/// The shell command that checks `sig_file` over `statement_file` with stock OpenSSH, given an
/// `allowed_signers` file in the current directory:
/// `ssh-keygen -Y verify -f allowed_signers -I <principal> -n signoff@runsheet -s <sig_file> < <statement_file>`.
/// Arguments that a POSIX shell would split or expand are single-quoted.
pub fn verify_command(principal: &str, statement_file: &str, sig_file: &str) -> String {
    format!(
        "ssh-keygen -Y verify -f allowed_signers -I {} -n {NAMESPACE} -s {} < {}",
        shell_word(principal),
        shell_word(sig_file),
        shell_word(statement_file)
    )
}

/// The word itself when the shell reads it as one literal word, else the word in single quotes.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '@' | '%' | '+' | '=' | ':' | ',' | '.' | '/' | '_' | '-')
        });
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_names_the_principal_namespace_and_key_without_comment() {
        let line = allowed_signers_line("grace@example.com", "ssh-ed25519 AAAAC3Nza Grace Hopper <grace@example.com>");
        assert_eq!(line, "grace@example.com namespaces=\"signoff@runsheet\" ssh-ed25519 AAAAC3Nza");
    }

    #[test]
    fn the_command_is_the_documented_one_and_quotes_what_needs_it() {
        assert_eq!(
            verify_command("grace@example.com", "17.json", "17.json.sig"),
            "ssh-keygen -Y verify -f allowed_signers -I grace@example.com -n signoff@runsheet -s 17.json.sig < 17.json"
        );
        assert_eq!(
            verify_command("o'neil@example.com", "my sign-off.json", "my sign-off.json.sig"),
            "ssh-keygen -Y verify -f allowed_signers -I 'o'\\''neil@example.com' -n signoff@runsheet -s 'my sign-off.json.sig' < 'my sign-off.json'"
        );
    }
}
