package io.tocsin.devstack;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Objects;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.ReflectionException;

/**
 * Makes the shared stack one per JVM even when devstack's classes are loaded by several class loaders (as test
 * frameworks do): the first loader to start it publishes it as a platform MBean that uses only JDK types, and the
 * others attach to that instead of starting a second stack.
 */
final class SharedRegistry {

    /** An interned string literal is the same object in every class loader, so this is a JVM-wide monitor. */
    static final Object LOCK = "io.tocsin.devstack.DevStack.shared";

    private static final ObjectName NAME;

    static {
        try {
            NAME = new ObjectName("io.tocsin.devstack:type=DevStack,name=shared");
        } catch (MalformedObjectNameException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final String[] ATTRIBUTES = {
        "PostgresPort", "AmqpPort", "DataDir", "PrivateKeyPem", "PublicKeyPem", "BrokerRunning"
    };
    private static final String[] OPERATIONS = {"stopBroker", "startBroker"};

    private SharedRegistry() {
    }

    /** The stack published by any class loader of this JVM, or null. Call while holding {@link #LOCK}. */
    static DevStack lookup() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (!server.isRegistered(NAME)) {
            return null;
        }
        try {
            int postgresPort = (Integer) server.getAttribute(NAME, "PostgresPort");
            int amqpPort = (Integer) server.getAttribute(NAME, "AmqpPort");
            Path dataDir = Path.of((String) server.getAttribute(NAME, "DataDir"));
            SigningKeys keys = new SigningKeys(
                    SigningKeys.parsePrivate((String) server.getAttribute(NAME, "PrivateKeyPem")),
                    SigningKeys.parsePublic((String) server.getAttribute(NAME, "PublicKeyPem")));
            return new DevStack(postgresPort, amqpPort, dataDir, keys, new RemoteControl(server), true);
        } catch (JMException e) {
            throw new IllegalStateException("cannot attach to the shared devstack", e);
        }
    }

    /** Publishes a freshly started shared stack. Call while holding {@link #LOCK}. */
    static void publish(RunningStack stack) {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(new Published(stack), NAME);
        } catch (InstanceAlreadyExistsException e) {
            throw new IllegalStateException("a shared devstack is already registered", e);
        } catch (JMException e) {
            throw new IllegalStateException("cannot publish the shared devstack", e);
        }
    }

    /** Calls the published stack through the MBean server. */
    private static final class RemoteControl implements StackControl {
        private final MBeanServer server;

        RemoteControl(MBeanServer server) {
            this.server = server;
        }

        @Override
        public void stopBroker() {
            invoke("stopBroker");
        }

        @Override
        public void startBroker() {
            invoke("startBroker");
        }

        @Override
        public boolean brokerRunning() {
            try {
                return (Boolean) server.getAttribute(NAME, "BrokerRunning");
            } catch (InstanceNotFoundException e) {
                return false;
            } catch (JMException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            // the shared stack is stopped by its JVM shutdown hook only
        }

        private void invoke(String operation) {
            try {
                server.invoke(NAME, operation, new Object[0], new String[0]);
            } catch (MBeanException e) {
                Exception cause = e.getTargetException();
                throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
            } catch (JMException e) {
                throw new IllegalStateException("shared devstack operation " + operation + " failed", e);
            }
        }
    }

    /** The MBean view of a running stack; uses only JDK types so any class loader can read it. */
    private static final class Published implements DynamicMBean {
        private final RunningStack stack;

        Published(RunningStack stack) {
            this.stack = Objects.requireNonNull(stack);
        }

        @Override
        public Object getAttribute(String attribute) throws AttributeNotFoundException {
            return switch (attribute) {
                case "PostgresPort" -> stack.postgresPort;
                case "AmqpPort" -> stack.amqpPort;
                case "DataDir" -> stack.dataDir.toString();
                case "PrivateKeyPem" -> stack.keys.privateKeyPem();
                case "PublicKeyPem" -> stack.keys.publicKeyPem();
                case "BrokerRunning" -> stack.brokerRunning();
                default -> throw new AttributeNotFoundException(attribute);
            };
        }

        @Override
        public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
            throw new AttributeNotFoundException("read-only: " + attribute.getName());
        }

        @Override
        public AttributeList getAttributes(String[] attributes) {
            AttributeList list = new AttributeList();
            for (String name : attributes) {
                try {
                    list.add(new Attribute(name, getAttribute(name)));
                } catch (AttributeNotFoundException ignored) {
                    // left out, as the contract allows
                }
            }
            return list;
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            return new AttributeList();
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature)
                throws MBeanException, ReflectionException {
            try {
                switch (actionName) {
                    case "stopBroker" -> stack.stopBroker();
                    case "startBroker" -> stack.startBroker();
                    default -> throw new ReflectionException(new NoSuchMethodException(actionName));
                }
            } catch (RuntimeException e) {
                // JDK-typed copy: the caller may not see this class loader's exception classes
                IllegalStateException copy = new IllegalStateException(String.valueOf(e));
                copy.setStackTrace(e.getStackTrace());
                throw new MBeanException(copy);
            }
            return null;
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            MBeanAttributeInfo[] attributes = new MBeanAttributeInfo[ATTRIBUTES.length];
            for (int i = 0; i < ATTRIBUTES.length; i++) {
                String name = ATTRIBUTES[i];
                String type = switch (name) {
                    case "PostgresPort", "AmqpPort" -> "java.lang.Integer";
                    case "BrokerRunning" -> "java.lang.Boolean";
                    default -> "java.lang.String";
                };
                attributes[i] = new MBeanAttributeInfo(name, type, name, true, false, false);
            }
            MBeanOperationInfo[] operations = new MBeanOperationInfo[OPERATIONS.length];
            for (int i = 0; i < OPERATIONS.length; i++) {
                operations[i] = new MBeanOperationInfo(OPERATIONS[i], OPERATIONS[i], null, "void",
                        MBeanOperationInfo.ACTION);
            }
            return new MBeanInfo(Published.class.getName(), "Shared tocsin devstack", attributes, null, operations,
                    null);
        }
    }
}
