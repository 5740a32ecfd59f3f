package io.snowgate.infra.config;

/** How the functions reach anything outside the VPC endpoints (context {@code egress}). */
public enum Egress implements ContextChoice {

    /** No internet route: with {@code privateLink} the functions reach only the VPC endpoints. */
    NONE("none"),
    /** Through NAT gateways: with a created VPC, one per AZ with an Elastic IP the stack outputs. */
    NAT("nat");

    private final String contextValue;

    Egress(String contextValue) {
        this.contextValue = contextValue;
    }

    /** The value of the {@code egress} context key. */
    @Override
    public String contextValue() {
        return contextValue;
    }

    /** @throws ContextException naming {@code key} and the allowed values: none, nat */
    static Egress parse(String key, String value) {
        return ContextChoice.parse(key, value, values());
    }
}
