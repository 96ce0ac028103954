package io.tocsin.devstack;

import java.nio.file.Path;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/** The embedded Artemis broker: one AMQP (+ CORE) acceptor on loopback, a persistent NIO journal, no security. */
final class Broker {

    private final Path dir;
    private final int port;
    private final boolean ephemeral;
    private EmbeddedActiveMQ server;

    Broker(Path dir, int port, boolean ephemeral) {
        this.dir = dir;
        this.port = port;
        this.ephemeral = ephemeral;
    }

    synchronized void start() {
        if (server != null) {
            return;
        }
        EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
        embedded.setConfiguration(configuration());
        try {
            embedded.start();
        } catch (Exception e) {
            try {
                embedded.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("cannot start Artemis on 127.0.0.1:" + port, e);
        }
        server = embedded;
    }

    synchronized void stop() {
        EmbeddedActiveMQ embedded = server;
        server = null;
        if (embedded != null) {
            try {
                embedded.stop();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop Artemis", e);
            }
        }
    }

    synchronized boolean running() {
        return server != null && server.getActiveMQServer() != null && server.getActiveMQServer().isActive();
    }

    private ConfigurationImpl configuration() {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("tocsin-devstack");
        config.setPersistenceEnabled(true);
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        // The analyzer may stop a broker whose threads look stuck; on a busy two-core test machine it only hurts.
        config.setCriticalAnalyzer(false);
        // Never block producers because the disk is "almost full".
        config.setMaxDiskUsage(-1);

        config.setJournalType(JournalType.NIO);
        config.setBrokerInstance(dir.toFile());
        config.setJournalDirectory(dir.resolve("journal").toString());
        config.setBindingsDirectory(dir.resolve("bindings").toString());
        config.setPagingDirectory(dir.resolve("paging").toString());
        config.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        config.setNodeManagerLockDirectory(dir.toString());
        config.setJournalFileSize(2 * 1024 * 1024);
        config.setJournalMinFiles(2);
        config.setJournalPoolFiles(4);
        // Tests throw the journal away anyway: skip the disk sync there (a clean stop still writes everything out).
        config.setJournalDatasync(!ephemeral);

        try {
            config.addAcceptorConfiguration("tocsin", "tcp://127.0.0.1:" + port + "?protocols=AMQP,CORE");
        } catch (Exception e) {
            throw new IllegalStateException("bad acceptor URI", e);
        }

        config.addAddressConfiguration(new CoreAddressConfiguration()
                .setName(Topology.EVENTS)
                .addRoutingType(RoutingType.MULTICAST)
                .addQueueConfiguration(subscription(Topology.NOTIFIER))
                .addQueueConfiguration(subscription(Topology.AUTODRAFT)));
        config.addAddressConfiguration(anycast(Topology.COMMANDS));
        config.addAddressConfiguration(anycast(Topology.SIGNALS));
        config.addAddressConfiguration(anycast(Topology.DLQ));

        config.addAddressSetting(Topology.ALL_ADDRESSES_MATCH, new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(Topology.DLQ))
                .setMaxDeliveryAttempts(10)
                .setRedeliveryDelay(200)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(10_000)
                .setAutoCreateDeadLetterResources(false));
        // The more specific match wins for this one setting (the rest is inherited from tocsin.#): messages on the DLQ
        // are never dead-lettered again, whatever their delivery count.
        config.addAddressSetting(Topology.DLQ, new AddressSettings()
                .setMaxDeliveryAttempts(-1));
        // For tests of how senders cope with a broker that refuses a message: this address is always full.
        config.addAddressConfiguration(anycast(Topology.REFUSING));
        config.addAddressSetting(Topology.REFUSING, new AddressSettings()
                .setMaxSizeBytes(1)
                .setAddressFullMessagePolicy(org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy.FAIL));
        return config;
    }

    private static QueueConfiguration subscription(String service) {
        return QueueConfiguration.of(service)
                .setAddress(Topology.EVENTS)
                .setRoutingType(RoutingType.MULTICAST)
                .setDurable(true);
    }

    private static CoreAddressConfiguration anycast(String name) {
        return new CoreAddressConfiguration()
                .setName(name)
                .addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(name)
                        .setAddress(name)
                        .setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true));
    }
}
