package io.pbxbridge.bridge.ingress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportPathsTest {
    @Test
    void parsesThePbxIdAndSecretOfAReportPathOnly() {
        assertThat(ReportPaths.parse("/report/hq/s3cret-value")).containsExactly("hq", "s3cret-value");
        assertThat(ReportPaths.parse("/report/hq/s3cret-value/")).containsExactly("hq", "s3cret-value");
        assertThat(ReportPaths.parse("/report/hq/abc%7Edef")).containsExactly("hq", "abc~def");
        assertThat(ReportPaths.parse("/report/hq/a+b")).containsExactly("hq", "a+b");
        for (String other : new String[]{"/", "/report", "/report/", "/report/hq", "/report/hq/", "/report//x",
                "/report/hq/s/extra", "/reports/hq/s", "/health/live", "/report/hq//"}) {
            assertThat(ReportPaths.parse(other)).as(other).isNull();
        }
    }
}
