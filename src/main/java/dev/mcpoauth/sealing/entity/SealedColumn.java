package dev.mcpoauth.sealing.entity;

import dev.mcpoauth.sealing.control.SecretSealer;

/**
 * A column that holds a sealed secret, named {@code <table>.<column>}. A value's additional
 * authenticated data is that name and the row's id, so a sealed value copied to another column
 * or row does not open. The entity that owns the column is the only one that seals and opens it.
 */
public record SealedColumn(String name) {

    /** The value sealed for this column on the given row; null stays null (an absent secret). */
    public String seal(SecretSealer sealer, String rowId, String plaintextOrNull) {
        return plaintextOrNull == null ? null : sealer.seal(plaintextOrNull, context(rowId));
    }

    /** The value in the clear; null stays null. */
    public String open(SecretSealer sealer, String rowId, String sealedOrNull) {
        return sealedOrNull == null ? null : sealer.open(sealedOrNull, context(rowId));
    }

    String context(String rowId) {
        return name + "/" + rowId;
    }
}
