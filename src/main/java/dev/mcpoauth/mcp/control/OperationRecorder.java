package dev.mcpoauth.mcp.control;

import java.util.Optional;
import java.util.function.Supplier;

/** Runs each operation of a session and records how it ended, for the audit trail. */
public interface OperationRecorder {

    OperationRecorder UNRECORDED = new OperationRecorder() {
        @Override
        public <T> T record(String method, Optional<String> tool, Supplier<T> operation) {
            return operation.get();
        }
    };

    <T> T record(String method, Optional<String> tool, Supplier<T> operation);
}
