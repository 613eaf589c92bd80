package dev.prism;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/**
 * Prism: one deployable hosting a Backend for Frontend per client channel (web, mobile, partner).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(systemName = "Prism", sharedModules = "platform")
public class PrismApplication {

	public static void main(String[] args) {
		SpringApplication.run(PrismApplication.class, args);
	}

}
