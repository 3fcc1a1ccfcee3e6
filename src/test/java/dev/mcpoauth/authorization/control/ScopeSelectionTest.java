package dev.mcpoauth.authorization.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScopeSelectionTest {

    static final List<String> PRM_SCOPES = List.of("mcp:read", "mcp:tools");
    static final List<String> AS_SCOPES = List.of("openid", "profile", "mcp:read", "mcp:tools", "mcp:admin");
    static final List<String> AS_SCOPES_WITH_OFFLINE = List.of("openid", "mcp:read", "offline_access");

    @Test
    void prefersTheScopeOfTheChallenge() {
        ScopeSelection selection = ScopeSelection.initial("mcp:read files:write", PRM_SCOPES, Optional.empty(), AS_SCOPES);

        assertThat(selection.scope()).contains("mcp:read files:write");
    }

    @Test
    void fallsBackToAllOfTheResourceMetadataScopes() {
        assertThat(ScopeSelection.initial(null, PRM_SCOPES, Optional.empty(), AS_SCOPES).scope())
                .contains("mcp:read mcp:tools");
        assertThat(ScopeSelection.initial("  ", PRM_SCOPES, Optional.empty(), AS_SCOPES).scope())
                .contains("mcp:read mcp:tools");
    }

    @Test
    void omitsScopeWhenNeitherTheChallengeNorTheResourceNamesAny() {
        ScopeSelection selection = ScopeSelection.initial(null, List.of(), Optional.empty(), AS_SCOPES);

        assertThat(selection.scope()).isEmpty();
        assertThat(selection.scopes()).isEmpty();
    }

    @Test
    void neverFallsBackToTheAuthorizationServerCatalogue() {
        assertThat(ScopeSelection.initial(null, List.of(), Optional.empty(), AS_SCOPES).scopes())
                .doesNotContainAnyElementsOf(AS_SCOPES);
    }

    @Test
    void letsAnAdminOverrideReplaceTheComputedScopes() {
        ScopeSelection selection = ScopeSelection.initial("mcp:read", PRM_SCOPES, Optional.of("repo  read:org"), AS_SCOPES);

        assertThat(selection.scope()).contains("repo read:org");
    }

    @Test
    void ignoresABlankOverride() {
        assertThat(ScopeSelection.initial("mcp:read", PRM_SCOPES, Optional.of(" "), AS_SCOPES).scope()).contains("mcp:read");
    }

    @Test
    void addsOfflineAccessWhenTheAuthorizationServerListsIt() {
        ScopeSelection selection = ScopeSelection.initial("mcp:read", PRM_SCOPES, Optional.empty(), AS_SCOPES_WITH_OFFLINE);

        assertThat(selection.scope()).contains("mcp:read offline_access");
        assertThat(selection.needsConsentPrompt()).isTrue();
    }

    @Test
    void addsOfflineAccessToAnOverrideAndToAnOtherwiseEmptyRequest() {
        assertThat(ScopeSelection.initial(null, List.of(), Optional.of("repo"), AS_SCOPES_WITH_OFFLINE).scope())
                .contains("repo offline_access");
        assertThat(ScopeSelection.initial(null, List.of(), Optional.empty(), AS_SCOPES_WITH_OFFLINE).scope())
                .contains("offline_access");
    }

    @Test
    void doesNotAddOfflineAccessWhenTheAuthorizationServerDoesNotListIt() {
        ScopeSelection selection = ScopeSelection.initial("mcp:read", PRM_SCOPES, Optional.empty(), AS_SCOPES);

        assertThat(selection.scopes()).doesNotContain("offline_access");
        assertThat(selection.needsConsentPrompt()).isFalse();
    }

    @Test
    void neverRequestsOfflineAccessTwice() {
        ScopeSelection selection = ScopeSelection.initial("offline_access mcp:read", PRM_SCOPES, Optional.empty(),
                AS_SCOPES_WITH_OFFLINE);

        assertThat(selection.scope()).contains("offline_access mcp:read");
    }

    @Test
    void removesDuplicatesAndKeepsOrder() {
        assertThat(ScopeSelection.initial("b a b c a", PRM_SCOPES, Optional.empty(), AS_SCOPES).scope()).contains("b a c");
    }

    @Test
    void stepsUpWithTheUnionOfPreviousAndChallengedScopesInOrder() {
        ScopeSelection selection = ScopeSelection.stepUp("mcp:read mcp:tools", "mcp:tools files:write", AS_SCOPES);

        assertThat(selection.scopes()).containsExactly("mcp:read", "mcp:tools", "files:write");
    }

    @Test
    void stepsUpWithTheChallengedScopesWhenNothingWasRequestedBefore() {
        assertThat(ScopeSelection.stepUp(null, "files:write", AS_SCOPES).scope()).contains("files:write");
    }

    @Test
    void stepsUpWithThePreviousScopesWhenTheChallengeNamesNone() {
        assertThat(ScopeSelection.stepUp("mcp:read", null, AS_SCOPES).scope()).contains("mcp:read");
    }

    @Test
    void keepsOfflineAccessOnStepUpWhenTheAuthorizationServerListsIt() {
        ScopeSelection selection = ScopeSelection.stepUp("mcp:read offline_access", "files:write", AS_SCOPES_WITH_OFFLINE);

        assertThat(selection.scopes()).containsExactly("mcp:read", "offline_access", "files:write");
        assertThat(selection.needsConsentPrompt()).isTrue();
    }

    @Test
    void splitsScopeOnSpacesOnly() {
        assertThat(ScopeSelection.split(" a  b\tc ")).containsExactly("a", "b\tc");
        assertThat(ScopeSelection.split(null)).isEmpty();
    }
}
