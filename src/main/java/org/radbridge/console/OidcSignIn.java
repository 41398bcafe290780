package org.radbridge.console;

/** OpenID Connect sign-in (filled in next). */
final class OidcSignIn {
}
