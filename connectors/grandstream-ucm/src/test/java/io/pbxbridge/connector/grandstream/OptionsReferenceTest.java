package io.pbxbridge.connector.grandstream;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's options table is the one {@link UcmOptions} renders: change an option there, paste the new table. */
class OptionsReferenceTest {
    @Test
    void readmeShowsTheDeclaredOptions() throws Exception {
        String table = UcmOptions.ALL.markdownTable();
        assertThat(Files.readString(Path.of("README.md")))
                .as("README.md must contain this table:%n%s", table)
                .contains(table);
    }
}
