package io.pbxbridge.bridge.command;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PbxCommandLaneTest {

    @Test
    void runsOneAtATimeInOrderByDefault() {
        PbxCommandLane lane = new PbxCommandLane("p", 1, 10);
        List<String> started = new ArrayList<>();
        List<Promise<String>> gates = new ArrayList<>();
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "c" + i;
            Promise<String> gate = Promise.promise();
            gates.add(gate);
            results.add(lane.submit(() -> {
                started.add(name);
                return gate.future();
            }));
        }
        assertThat(started).containsExactly("c0");
        assertThat(lane.running()).isEqualTo(1);
        assertThat(lane.waiting()).isEqualTo(2);

        gates.get(0).complete("r0");
        assertThat(started).containsExactly("c0", "c1");
        assertThat(results.get(0).result()).isEqualTo("r0");

        gates.get(1).fail("boom");
        assertThat(results.get(1).failed()).isTrue();
        assertThat(started).containsExactly("c0", "c1", "c2");
        gates.get(2).complete("r2");
        assertThat(lane.idle()).isTrue();
    }

    @Test
    void honoursConfiguredConcurrency() {
        PbxCommandLane lane = new PbxCommandLane("p", 2, 10);
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = "c" + i;
            lane.submit(() -> {
                started.add(name);
                return Promise.<String>promise().future();
            });
        }
        assertThat(started).containsExactly("c0", "c1");
    }

    @Test
    void reportsFullAndDrainedAndClearsWaitingWork() {
        PbxCommandLane lane = new PbxCommandLane("p", 1, 2);
        int[] drained = {0};
        lane.onDrained(() -> drained[0]++);
        Promise<String> first = Promise.promise();
        lane.submit(first::future);
        Future<String> second = lane.submit(() -> Future.succeededFuture("x"));
        Future<String> third = lane.submit(() -> Future.succeededFuture("y"));
        assertThat(lane.full()).isTrue();

        assertThat(lane.clear("revoked")).isEqualTo(2);
        assertThat(second.failed()).isTrue();
        assertThat(second.cause()).isInstanceOf(PbxCommandLane.LaneClearedException.class);
        assertThat(third.failed()).isTrue();

        first.complete("done");
        assertThat(lane.idle()).isTrue();
        assertThat(drained[0]).isEqualTo(1);
    }

    @Test
    void aThrowingTaskFailsItsFutureAndTheLaneGoesOn() {
        PbxCommandLane lane = new PbxCommandLane("p", 1, 5);
        Future<String> bad = lane.submit(() -> {
            throw new IllegalStateException("bug");
        });
        Future<String> good = lane.submit(() -> Future.succeededFuture("ok"));
        assertThat(bad.failed()).isTrue();
        assertThat(good.result()).isEqualTo("ok");
    }

    @org.junit.jupiter.api.Test
    void configurationCommandsOverlapEachOtherButNeverACallCommand() {
        PbxCommandLane lane = new PbxCommandLane("pbx", 1, 100);
        java.util.List<io.vertx.core.Promise<Void>> started = new java.util.ArrayList<>();
        java.util.List<String> order = new java.util.ArrayList<>();
        java.util.function.Function<String, java.util.function.Supplier<io.vertx.core.Future<Void>>> task = name -> () -> {
            order.add(name);
            io.vertx.core.Promise<Void> p = io.vertx.core.Promise.promise();
            started.add(p);
            return p.future();
        };
        lane.submit(task.apply("config-1"), true);
        lane.submit(task.apply("config-2"), true);
        lane.submit(task.apply("hangup"), false);
        lane.submit(task.apply("config-3"), true);
        org.assertj.core.api.Assertions.assertThat(order).containsExactly("config-1", "config-2");

        started.get(0).complete();
        org.assertj.core.api.Assertions.assertThat(order).as("the call command waits for every running change")
                .containsExactly("config-1", "config-2");
        started.get(1).complete();
        org.assertj.core.api.Assertions.assertThat(order).containsExactly("config-1", "config-2", "hangup");
        started.get(2).complete();
        org.assertj.core.api.Assertions.assertThat(order).containsExactly("config-1", "config-2", "hangup", "config-3");
    }

    @Test
    void whenNothingRunningCompletesWithTheLastRunningTaskNotBefore() {
        PbxCommandLane lane = new PbxCommandLane("p", 2, 10);
        assertThat(lane.whenNothingRunning().succeeded()).as("idle lane").isTrue();
        Promise<String> first = Promise.promise();
        Promise<String> second = Promise.promise();
        lane.submit(first::future);
        lane.submit(second::future);
        Future<Void> idle = lane.whenNothingRunning();

        first.complete("r1");
        assertThat(idle.isComplete()).as("one still running").isFalse();
        second.complete("r2");
        assertThat(idle.succeeded()).isTrue();
    }

    @Test
    void whenNothingRunningWaitsForAWaitingTaskThatStartsMeanwhile() {
        PbxCommandLane lane = new PbxCommandLane("p", 1, 10);
        Promise<String> running = Promise.promise();
        Promise<String> next = Promise.promise();
        lane.submit(running::future);
        Future<String> waiting = lane.submit(next::future);
        Future<Void> idle = lane.whenNothingRunning();

        running.complete("r");
        assertThat(idle.isComplete()).as("the waiting task started").isFalse();
        next.complete("n");
        assertThat(waiting.succeeded()).isTrue();
        assertThat(idle.succeeded()).isTrue();
    }
}
