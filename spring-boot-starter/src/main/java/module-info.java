/**
 * Spring Boot auto-configuration for Tidemark: {@code WatermarkStore} and {@code Publisher} beans from the
 * {@code tidemark.*} properties, Micrometer metrics and an Actuator health contributor when those are present.
 */
module io.tidemark.spring {
    requires io.tidemark.spi;
    requires spring.beans;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires spring.context;
    requires spring.core;
    requires static spring.boot.actuator;
    requires static spring.boot.actuator.autoconfigure;
    requires static micrometer.core;
    requires static io.tidemark.micrometer;

    exports io.tidemark.spring;

    opens io.tidemark.spring to
            spring.core,
            spring.beans,
            spring.context;
}
