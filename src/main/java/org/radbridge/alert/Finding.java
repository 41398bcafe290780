package org.radbridge.alert;

/** What a rule found: the thing it is about ({@code subject}: a destination, a peer, "data-dir") and a detail without PHI. */
public record Finding(String subject, String detail) {
}
