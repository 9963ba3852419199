package io.pbxbridge.bridge.cli;

import io.pbxbridge.schema.Command;
import io.pbxbridge.schema.CommandResult;
import io.pbxbridge.schema.codec.RecordCodec;
import io.pbxbridge.schema.codec.SingleObjectCodec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Stands in for the bridge: reads the commands topic of a real broker and answers each command on the
 * results topic, first with a result for some other command (to prove {@code send} matches by id),
 * then with the real one.
 */
final class CommandResponder implements AutoCloseable {
    private final RecordCodec codec;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final String resultsTopic;
    private final Function<Command, CommandResult> answer;
    private final List<ConsumerRecord<String, byte[]>> received = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stopped;

    CommandResponder(String bootstrap, String commandsTopic, String resultsTopic, Function<Command, CommandResult> answer) {
        this(bootstrap, commandsTopic, resultsTopic, new SingleObjectCodec(), answer);
    }

    CommandResponder(String bootstrap, String commandsTopic, String resultsTopic, RecordCodec codec,
                     Function<Command, CommandResult> answer) {
        this.codec = codec;
        this.consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "enable.auto.commit", false),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all"),
                new StringSerializer(), new ByteArraySerializer());
        this.resultsTopic = resultsTopic;
        this.answer = answer;
        TopicPartition partition = new TopicPartition(commandsTopic, 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        this.thread = new Thread(this::loop, "command-responder");
        thread.start();
    }

    private void loop() {
        try {
            while (!stopped) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    received.add(record);
                    Command command = codec.decode(record.topic(), record.value(), Command.class);
                    CommandResult decoy = CliRecords.result(command.getCommandId() + "-other", command.getPbxId(),
                            io.pbxbridge.schema.CommandStatus.SUCCEEDED, null);
                    producer.send(new ProducerRecord<>(resultsTopic, command.getPbxId(), codec.encode(resultsTopic, decoy)));
                    CommandResult result = answer.apply(command);
                    producer.send(new ProducerRecord<>(resultsTopic, command.getPbxId(), codec.encode(resultsTopic, result)));
                    producer.flush();
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    List<ConsumerRecord<String, byte[]>> received() {
        return received;
    }

    Command decode(ConsumerRecord<String, byte[]> record) {
        return codec.decode(record.topic(), record.value(), Command.class);
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        consumer.wakeup();
        thread.join(10_000);
        consumer.close();
        producer.close();
    }
}
