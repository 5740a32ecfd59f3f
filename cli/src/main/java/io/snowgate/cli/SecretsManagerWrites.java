package io.snowgate.cli;

import io.snowgate.lambda.secret.SecretsManagerClients;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/**
 * Stores secret values as new versions, creating a secret when it does not exist yet; and stores a key and the
 * passphrase kept in a second secret so that no disagreement between the two outlives the command.
 */
final class SecretsManagerWrites {

    /** The label of a passphrase version written but not yet current: ours alone, so no reader ever asks for it. */
    static final String STAGED = "SNOWGATE_STAGED";
    static final String AWSCURRENT = "AWSCURRENT";
    static final String AWSPREVIOUS = "AWSPREVIOUS";

    /** What was written: the new version's id, and whether the secret had to be created. */
    record Written(String secretId, String versionId, boolean created) {
        @Override
        public String toString() {
            return "secret " + secretId + " " + (created ? "created" : "updated") + ", version " + versionId;
        }
    }

    private final SecretsManagerClient client;

    SecretsManagerWrites(SecretsManagerClient client) {
        this.client = client;
    }

    /**
     * PutSecretValue (the new version becomes AWSCURRENT), or CreateSecret when the secret is missing.
     *
     * @throws CommandFailedException naming the secret and the service's error code, never the value
     */
    Written put(String secretId, String value) {
        return call(secretId, "refused the write", () -> {
            try {
                String version = client.putSecretValue(r -> r.secretId(secretId).secretString(value)).versionId();
                return new Written(secretId, version, false);
            } catch (ResourceNotFoundException missing) {
                String version = client.createSecret(r -> r.name(secretId).secretString(value)).versionId();
                return new Written(secretId, version, true);
            }
        });
    }

    /**
     * Writes a key's secret and the secret holding its passphrase. Two secrets cannot change together, so the
     * passphrase is promoted only after the key is written:
     * <ol>
     *   <li>the new passphrase is stored as a version labelled {@value #STAGED}, not {@code AWSCURRENT}, so readers
     *       still get the old one (a missing passphrase secret is created in step 3 instead);</li>
     *   <li>the key is written ({@code AWSCURRENT}); if that fails, the staged version loses its label and nothing
     *       a reader sees has changed;</li>
     *   <li>{@code AWSCURRENT} moves to the staged passphrase; if that fails, the key secret's {@code AWSCURRENT}
     *       moves back to the version it was on (a key secret this call created is deleted), so both are as they
     *       were.</li>
     * </ol>
     * Between steps 2 and 3 a reader may fetch the new key with the old passphrase; the function then fetches both
     * once more, by which time the passphrase has been promoted. When a call's outcome is unknown (no answer), the
     * secret is looked at again before deciding whether it was applied, so a write that did land is never treated
     * as one that did not.
     *
     * @param warnings told when the passphrase, written and current, still carries the {@value #STAGED} label
     * @return what was written, the key's secret first
     * @throws CommandFailedException naming the step that failed, the service's error code and what state the
     *                                secrets were left in (with what repairs it when that state is not the old one)
     */
    List<Written> putKeyAndPassphrase(String secretId, String secretValue, String passphraseSecretId,
            String passphraseValue, Consumer<String> warnings) {
        Labels keyBefore;
        Optional<String> passphraseBefore;
        Optional<String> staged;
        try {
            keyBefore = labels(secretId);
            passphraseBefore = currentVersion(passphraseSecretId);
            staged = passphraseBefore.isEmpty() ? Optional.empty()
                    : Optional.of(call(passphraseSecretId, "refused the write", () -> client.putSecretValue(r -> r
                            .secretId(passphraseSecretId).secretString(passphraseValue).versionStages(STAGED))
                            .versionId()));
        } catch (CommandFailedException e) {
            throw new CommandFailedException(e.getMessage() + "; nothing was changed", e.getCause());
        }

        Written key;
        try {
            key = put(secretId, secretValue);
        } catch (CommandFailedException e) {
            Optional<String> landed = landedDespite(e, secretId, keyBefore.current(),
                    "the new passphrase was not made current in secret " + passphraseSecretId);
            if (landed.isEmpty()) {
                throw new CommandFailedException(e.getMessage() + "; nothing was changed: secret "
                        + passphraseSecretId + " keeps its current passphrase"
                        + unstageNote(passphraseSecretId, staged), e.getCause());
            }
            // Not known to be created by this call: a rollback must never delete it.
            key = new Written(secretId, landed.get(), false);
        }

        Written passphrase;
        try {
            passphrase = staged.isPresent()
                    ? promote(passphraseSecretId, staged.get(), passphraseBefore.get())
                    : put(passphraseSecretId, passphraseValue);
        } catch (CommandFailedException e) {
            Optional<String> landed = landedDespite(e, passphraseSecretId, passphraseBefore,
                    "secret " + secretId + " already holds the new key");
            if (landed.isEmpty()) {
                throw new CommandFailedException(e.getMessage() + "; " + rollBack(key, keyBefore, passphraseSecretId)
                        + unstageNote(passphraseSecretId, staged), e.getCause());
            }
            passphrase = new Written(passphraseSecretId, landed.get(), passphraseBefore.isEmpty());
        }
        staged.flatMap(v -> unstage(passphraseSecretId, v)).ifPresent(warnings);
        return List.of(key, passphrase);
    }

    /**
     * After {@code failure}, the version {@code AWSCURRENT} of {@code secretId} moved to, when the write landed
     * after all; empty when it certainly did not. The service's refusals are certain; a call that got no answer is
     * checked by looking again.
     *
     * @throws CommandFailedException when it got no answer and the secret cannot be looked at either
     */
    private Optional<String> landedDespite(CommandFailedException failure, String secretId, Optional<String> before,
            String otherwise) {
        if (!(failure.getCause() instanceof SdkClientException)) {
            return Optional.empty();
        }
        Optional<String> now;
        try {
            now = currentVersion(secretId);
        } catch (CommandFailedException e) {
            throw new CommandFailedException(failure.getMessage() + "; whether it was written is unknown (" + otherwise
                    + "), and the function may not decrypt its key until this command is run again: run it again"
                    + " once Secrets Manager answers, with the same key and passphrase", failure.getCause());
        }
        return now.equals(before) ? Optional.empty() : now;
    }

    private Written promote(String secretId, String staged, String current) {
        call(secretId, "refused to make the new passphrase current", () -> client.updateSecretVersionStage(r -> r
                .secretId(secretId).versionStage(AWSCURRENT).moveToVersionId(staged).removeFromVersionId(current)));
        return new Written(secretId, staged, false);
    }

    /** Puts the key's secret back as it was before {@code written}; says what state it is in, for the message. */
    private String rollBack(Written written, Labels labelsBefore, String passphraseSecretId) {
        String id = written.secretId();
        Optional<String> before = labelsBefore.current();
        try {
            if (before.isPresent()) {
                call(id, "refused the rollback", () -> client.updateSecretVersionStage(r -> r.secretId(id)
                        .versionStage(AWSCURRENT).moveToVersionId(before.get())
                        .removeFromVersionId(written.versionId())));
                return "secret " + id + " was rolled back to version " + before.get() + ", so both secrets are as"
                        + " they were" + restorePrevious(id, written.versionId(), labelsBefore.previous());
            }
            if (written.created()) {
                call(id, "refused the rollback", () -> client.deleteSecret(r -> r.secretId(id)
                        .forceDeleteWithoutRecovery(true)));
                return "secret " + id + ", created by this command, was deleted again, so both secrets are as they"
                        + " were";
            }
            return "secret " + id + " had no current version to roll back to: it holds the new key, which the"
                    + " passphrase in secret " + passphraseSecretId + " does not decrypt; run this command again";
        } catch (CommandFailedException e) {
            String repair = before.map(v -> "aws secretsmanager update-secret-version-stage --secret-id " + id
                    + " --version-stage AWSCURRENT --move-to-version-id " + v + " --remove-from-version-id "
                    + written.versionId()).orElse("aws secretsmanager delete-secret --secret-id " + id
                            + " --force-delete-without-recovery");
            return "and " + e.getMessage() + ": it holds the new key, which the passphrase in secret "
                    + passphraseSecretId + " does not decrypt; run this command again, or put it back: " + repair;
        }
    }

    /** {@link #unstage} for a failure message: empty when done or nothing was staged, else " (note)". */
    private String unstageNote(String secretId, Optional<String> staged) {
        return staged.flatMap(v -> unstage(secretId, v)).map(note -> " (" + note + ")").orElse("");
    }

    /** Takes the {@value #STAGED} label off a version; empty when done, else a note saying it is still there. */
    private Optional<String> unstage(String secretId, String versionId) {
        try {
            call(secretId, "refused to remove the label " + STAGED, () -> client.updateSecretVersionStage(r -> r
                    .secretId(secretId).versionStage(STAGED).removeFromVersionId(versionId)));
            return Optional.empty();
        } catch (CommandFailedException e) {
            return Optional.of("version " + versionId + " of secret " + secretId + " keeps the label " + STAGED
                    + ", which no reader asks for: " + e.getMessage());
        }
    }

    /**
     * Moving {@code AWSCURRENT} back off {@code rejected} made Secrets Manager label it {@code AWSPREVIOUS}
     * (UpdateSecretVersionStage moves AWSPREVIOUS to the version AWSCURRENT leaves): the label goes back where it was,
     * so that rolling back to AWSPREVIOUS later never restores the rejected key. Empty when done, else a note.
     */
    private String restorePrevious(String secretId, String rejected, Optional<String> previous) {
        try {
            call(secretId, "refused to move the label " + AWSPREVIOUS + " back", () -> client.updateSecretVersionStage(
                    r -> r.secretId(secretId).versionStage(AWSPREVIOUS).moveToVersionId(previous.orElse(null))
                            .removeFromVersionId(rejected)));
            return "";
        } catch (CommandFailedException e) {
            return " (but " + AWSPREVIOUS + " now labels the rejected version " + rejected + ": " + e.getMessage()
                    + "; do not roll back to it)";
        }
    }

    /** The versions {@code AWSCURRENT} and {@code AWSPREVIOUS} are on; each empty when no version has it. */
    private record Labels(Optional<String> current, Optional<String> previous) {
    }

    /** {@link Labels} of a secret; both empty when it does not exist or has no value yet. */
    private Labels labels(String secretId) {
        try {
            Map<String, List<String>> stages = call(secretId, "refused DescribeSecret",
                    () -> client.describeSecret(r -> r.secretId(secretId)).versionIdsToStages());
            return new Labels(versionLabelled(stages, AWSCURRENT), versionLabelled(stages, AWSPREVIOUS));
        } catch (CommandFailedException e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return new Labels(Optional.empty(), Optional.empty());
            }
            throw e;
        }
    }

    private static Optional<String> versionLabelled(Map<String, List<String>> stages, String label) {
        return stages.entrySet().stream().filter(e -> e.getValue().contains(label)).map(Map.Entry::getKey)
                .findFirst();
    }

    /** The version {@code AWSCURRENT} is on; empty when the secret does not exist or has no value yet. */
    private Optional<String> currentVersion(String secretId) {
        return labels(secretId).current();
    }

    /**
     * @throws CommandFailedException "secret ID: Secrets Manager {@code refused} (CODE)", never a value
     */
    private static <T> T call(String secretId, String refused, Supplier<T> request) {
        try {
            return request.get();
        } catch (SecretsManagerException e) {
            throw new CommandFailedException("secret " + secretId + ": Secrets Manager " + refused + " ("
                    + SecretsManagerClients.errorCode(e) + ")", e);
        } catch (SdkClientException e) {
            throw new CommandFailedException("secret " + secretId + ": no answer from Secrets Manager ("
                    + e.getMessage() + ")", e);
        }
    }
}
