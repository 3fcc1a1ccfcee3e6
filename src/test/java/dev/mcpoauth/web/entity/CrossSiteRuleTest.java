package dev.mcpoauth.web.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrossSiteRuleTest {

    final CrossSiteRule rule = CrossSiteRule.of("https://broker.example.com/", "https://app.example.com, http://127.0.0.1:9");

    Optional<Problem> refusal(String origin, String fetchSite, String contentType) {
        return rule.refusal(origin, fetchSite, contentType, "/api/v1/x").map(ProblemDetail::problem);
    }

    @Test
    void guardsOnlyStateChangingApiRequests() {
        assertThat(CrossSiteRule.appliesTo("POST", "api/v1/connections/1/refresh")).isTrue();
        assertThat(CrossSiteRule.appliesTo("delete", "/api/v1/connections/1")).isTrue();
        assertThat(CrossSiteRule.appliesTo("PUT", "api/v1/servers/1")).isTrue();
        assertThat(CrossSiteRule.appliesTo("PATCH", "api/v1/servers/1")).isTrue();
        assertThat(CrossSiteRule.appliesTo("GET", "api/v1/connections")).isFalse();
        assertThat(CrossSiteRule.appliesTo("POST", "oauth/callback")).isFalse();
        assertThat(CrossSiteRule.appliesTo("POST", "apix/v1")).isFalse();
    }

    @Test
    void refusesForeignOriginsAndCrossSiteFetchesAndAcceptsOwnAndListedOnes() {
        String json = "application/json";
        assertThat(refusal("https://evil.example", null, json)).contains(Problem.ORIGIN_NOT_ALLOWED);
        assertThat(refusal("null", null, json)).contains(Problem.ORIGIN_NOT_ALLOWED);
        assertThat(refusal("https://broker.example.com.evil.example", null, json)).contains(Problem.ORIGIN_NOT_ALLOWED);
        assertThat(refusal("http://broker.example.com", null, json)).as("another scheme is another origin")
                .contains(Problem.ORIGIN_NOT_ALLOWED);
        assertThat(refusal(null, "cross-site", json)).contains(Problem.ORIGIN_NOT_ALLOWED);

        assertThat(refusal("https://BROKER.example.com:443", "same-origin", json)).isEmpty();
        assertThat(refusal("https://app.example.com", "cross-site", json)).isEmpty();
        assertThat(refusal("http://127.0.0.1:9", null, json)).isEmpty();
        assertThat(refusal(null, null, json)).as("a program, not a page").isEmpty();
    }

    @Test
    void requiresJsonEvenForAnEmptyBody() {
        assertThat(refusal(null, null, null)).contains(Problem.UNSUPPORTED_MEDIA_TYPE);
        assertThat(refusal(null, null, "text/plain")).contains(Problem.UNSUPPORTED_MEDIA_TYPE);
        assertThat(refusal(null, null, "application/x-www-form-urlencoded")).contains(Problem.UNSUPPORTED_MEDIA_TYPE);
        assertThat(refusal(null, null, "multipart/form-data; boundary=x")).contains(Problem.UNSUPPORTED_MEDIA_TYPE);
        assertThat(refusal(null, null, "application/jsonx")).contains(Problem.UNSUPPORTED_MEDIA_TYPE);

        assertThat(refusal(null, null, "application/json; charset=utf-8")).isEmpty();
        assertThat(refusal(null, null, "Application/JSON")).isEmpty();
        assertThat(refusal(null, null, "application/merge-patch+json")).isEmpty();
    }

    @Test
    void takesOnlyTheBrokersOwnPagesForSameSiteNotTheAllowList() {
        assertThat(rule.isSameSite("https://broker.example.com", "same-origin")).isTrue();
        assertThat(rule.isSameSite("https://BROKER.example.com:443", null)).isTrue();
        assertThat(rule.isSameSite(null, "same-origin")).isTrue();
        assertThat(rule.isSameSite(null, null)).isTrue();

        assertThat(rule.isSameSite("https://app.example.com", "cross-site")).isFalse();
        assertThat(rule.isSameSite("null", null)).isFalse();
        assertThat(rule.isSameSite(null, "cross-site")).isFalse();
        assertThat(rule.isSameSite(null, "same-site")).isFalse();
    }
}
