package io.pbxbridge.connector.yeastar.report;

import io.pbxbridge.schema.CallDirection;
import io.pbxbridge.schema.CallDisposition;
import io.pbxbridge.schema.ConfigOperation;
import io.pbxbridge.schema.ExtensionState;
import io.pbxbridge.schema.LegState;
import io.pbxbridge.schema.TrunkState;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YeastarCodesTest {

    @Test
    void theCodesOfEachVocabularyDifferIgnoringCaseSoTheExactSpellingFindsTheSameCode() {
        assertDistinct(YeastarCodes.ExtensionStatusCode.WIRES);
        assertDistinct(YeastarCodes.MemberStatusCode.WIRES);
        assertDistinct(YeastarCodes.CdrStatusCode.WIRES);
        assertDistinct(YeastarCodes.CdrTypeCode.WIRES);
        assertDistinct(YeastarCodes.ConfigOperationCode.WIRES);
        assertDistinct(YeastarCodes.TrunkStatusCode.WIRES);
    }

    @Test
    void matchesTheWireSpellingAnyCaseAndSurroundingBlanks() {
        assertEquals(CallDisposition.NO_ANSWER, YeastarCodes.CdrStatusCode.map("NO ANSWER"));
        assertEquals(CallDisposition.NO_ANSWER, YeastarCodes.CdrStatusCode.map(" no answered\t"));
        assertEquals(CallDirection.INBOUND, YeastarCodes.CdrTypeCode.map("Inbound"));
        assertEquals(CallDirection.INBOUND, YeastarCodes.CdrTypeCode.map("INBOUND "));
        assertEquals(ExtensionState.BUSY, YeastarCodes.ExtensionStatusCode.map("inuse"));
        assertEquals(LegState.CALLER_ANSWERED, YeastarCodes.MemberStatusCode.map("Answered"));
        assertEquals(LegState.ANSWERED, YeastarCodes.MemberStatusCode.map("answer"));
        assertEquals(ConfigOperation.DELETE, YeastarCodes.ConfigOperationCode.map("DEL"));
        assertEquals(TrunkState.FAILED, YeastarCodes.TrunkStatusCode.map("register failed"));
    }

    @Test
    void anythingElseIsUnknown() {
        assertEquals(CallDisposition.UNKNOWN, YeastarCodes.CdrStatusCode.map(null));
        assertEquals(CallDisposition.UNKNOWN, YeastarCodes.CdrStatusCode.map(""));
        assertEquals(CallDisposition.UNKNOWN, YeastarCodes.CdrStatusCode.map("NOANSWER"));
        assertEquals(CallDirection.UNKNOWN, YeastarCodes.CdrTypeCode.map("In bound"));
        assertEquals(ExtensionState.UNKNOWN, YeastarCodes.ExtensionStatusCode.map("Idle!"));
    }

    @Test
    void nonAsciiTextComparesByItsLowerCaseAsBefore() {
        // U+0130 (capital I with dot above) is 'i' ignoring case char by char, but the lower case of the text is
        // "i\u0307dle": compared by the text's lower case, as before, it names no code.
        assertEquals(ExtensionState.UNKNOWN, YeastarCodes.ExtensionStatusCode.map("\u0130dle"));
        // A no-break space is not one of the blanks trim() takes.
        assertEquals(ExtensionState.UNKNOWN, YeastarCodes.ExtensionStatusCode.map("\u00a0Idle"));
    }

    private static void assertDistinct(String[] wires) {
        Set<String> seen = new HashSet<>();
        for (String wire : wires) {
            assertTrue(seen.add(wire.toLowerCase(Locale.ROOT)), () -> "two codes spell " + wire);
        }
    }
}
