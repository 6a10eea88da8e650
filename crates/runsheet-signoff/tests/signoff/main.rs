//! Integration tests of signed sign-offs against real parts: stock OpenSSH (`ssh-keygen`) in both directions,
//! hardware-key signatures, remote sign-off files, and a real OS keyring (gnome-keyring in a private D-Bus
//! session).

mod answer;
mod hardware_key;
mod keystore;
mod openssh;
mod support;
