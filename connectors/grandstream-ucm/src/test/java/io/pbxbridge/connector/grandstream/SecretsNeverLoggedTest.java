package io.pbxbridge.connector.grandstream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.pbxbridge.connector.grandstream.testing.Await;
import io.pbxbridge.connector.grandstream.testing.RecordingSink;
import io.pbxbridge.connector.grandstream.testing.ScriptedUcm;
import io.pbxbridge.connector.grandstream.testing.TestPbx;
import io.pbxbridge.connector.spi.NormalizedRecord;
import io.pbxbridge.connector.spi.PbxSession;
import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandAction;
import io.pbxbridge.schema.VendorAction;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Passwords and cookies appear in no log line and no published record, whatever happens. */
class SecretsNeverLoggedTest {

    @Test
    void noPasswordOrCookieInLogsOrEvents() {
        Logger logger = (Logger) LoggerFactory.getLogger("io.pbxbridge");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        Vertx vertx = Vertx.vertx();
        ScriptedUcm ucm = new ScriptedUcm(vertx);
        RecordingSink sink = new RecordingSink();
        try {
            Await.result(ucm.start());
            PbxSession good = new UcmConnector().session(vertx, TestPbx.config(ucm.port(), ScriptedUcm.API_PASSWORD,
                    Map.of("ws_username", ScriptedUcm.WEB_USER, "ws_password", "wrong-web-secret")), TestPbx.context(sink, new TestPbx.States()));
            Await.result(good.start());
            ucm.expireCookies();
            Await.result(good.execute(Command.newBuilder().setCommandId("c").setPbxId("ucm-1").setIssuedAt(Instant.now())
                    .setAction(CommandAction.VENDOR).setVendor(VendorAction.newBuilder().setAction("listAccount").build()).build()));
            Await.until("ws auth failure", () -> ucm.wsCount("login") == 1 && sink.records.size() >= 3);
            Await.result(good.stop());
            PbxSession bad = new UcmConnector().session(vertx, TestPbx.config(ucm.port(), "wrong-api-secret", Map.of()),
                    TestPbx.context(sink, new TestPbx.States()));
            Await.result(bad.start());
            Await.result(bad.stop());
        } finally {
            logger.detachAppender(appender);
            Await.result(ucm.stop());
            Await.result(vertx.close());
        }

        List<String> cookies = ucm.requests("login").isEmpty() ? List.of() : ucm.requests.stream()
                .map(r -> r.getString("cookie")).filter(c -> c != null).distinct().toList();
        assertThat(cookies).isNotEmpty();
        List<String> secrets = new ArrayList<>(cookies);
        secrets.addAll(List.of(ScriptedUcm.API_PASSWORD, "wrong-web-secret", "wrong-api-secret"));
        ucm.requests("login").forEach(r -> secrets.add(r.getString("token")));

        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : appender.list) {
            lines.add(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add(t.getMessage());
            }
        }
        assertThat(lines).isNotEmpty();
        for (String secret : secrets) {
            assertThat(lines).noneMatch(l -> l != null && l.contains(secret));
            assertThat(sink.records).extracting(NormalizedRecord::value).extracting(Object::toString)
                    .noneMatch(v -> v.contains(secret));
        }
    }
}
