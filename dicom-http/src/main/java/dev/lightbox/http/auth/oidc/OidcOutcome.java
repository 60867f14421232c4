package dev.lightbox.http.auth.oidc;

/** What {@link OidcVerifier#verify} concluded: an identity, or why the token was refused. */
public sealed interface OidcOutcome permits OidcIdentity, OidcRejection {}
