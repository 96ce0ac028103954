package io.tocsin.devstack;

/** What a {@link DevStack} handle can do to the processes behind it. */
interface StackControl {

    void stopBroker();

    void startBroker();

    boolean brokerRunning();

    void close();
}
