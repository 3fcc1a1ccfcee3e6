package dev.mcpoauth.security.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import java.time.Duration;
import java.util.Optional;

/**
 * Credentials checked by the identity stores behind the sign-in throttle, the one rule for HTTP Basic, bearer JWTs
 * and the sign-in form: while a user name or an address is throttled nothing is checked (no PBKDF2 run), except
 * credentials verified a moment ago, so that someone else's guesses do not lock a signed-in user out.
 */
@ApplicationScoped
public class CredentialCheck {

    /** The check's answer: throttled (with the wait), or the identity stores' result. */
    public record Outcome(Optional<Duration> throttledFor, CredentialValidationResult result) {

        public boolean isValid() {
            return result.getStatus() == CredentialValidationResult.Status.VALID;
        }
    }

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    PasswordIdentityStore passwords;

    @Inject
    SignInThrottle throttle;

    public CredentialCheck() {
    }

    public CredentialCheck(IdentityStoreHandler identityStores, PasswordIdentityStore passwords,
            SignInThrottle throttle) {
        this.identityStores = identityStores;
        this.passwords = passwords;
        this.throttle = throttle;
    }

    /** Checks the credential from this client address; the caller clears the credential. */
    public Outcome check(Credential credential, String address) {
        String user = credential instanceof UsernamePasswordCredential login ? login.getCaller() : null;
        Optional<Duration> wait = throttle.retryAfter(user, address);
        if (wait.isPresent() && !passwords.remembers(credential)) {
            return new Outcome(wait, CredentialValidationResult.NOT_VALIDATED_RESULT);
        }
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() == CredentialValidationResult.Status.VALID) {
            throttle.succeeded(user);
        } else {
            throttle.failed(user, address);
        }
        return new Outcome(Optional.empty(), result);
    }
}
