package org.radbridge.testpeer;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.config.ThreadPoolFactoryConfig;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.jpa.config.HapiJpaConfig;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.config.util.HapiEntityManagerFactoryUtil;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.provider.JpaCapabilityStatementProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.context.support.IValidationSupport;
import jakarta.persistence.EntityManagerFactory;
import java.net.InetSocketAddress;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;

/**
 * A HAPI FHIR JPA server (R4, H2) for tests: {@code JpaFhirServer <port> <h2-file-prefix>}. Listens on
 * 127.0.0.1:&lt;port&gt;/fhir, prints "READY &lt;port&gt;" when it serves, and stops when its standard input closes
 * (so it never outlives the test JVM that started it). H2 in a file, so a restart keeps the data (outage test).
 */
public final class JpaFhirServer {

    private JpaFhirServer() {
    }

    @Configuration
    @Import({JpaR4Config.class, HapiJpaConfig.class, JpaBatch2Config.class, Batch2JobsConfig.class,
            SubscriptionChannelConfig.class, ThreadPoolFactoryConfig.class})
    public static class Cfg {

        @Bean
        public JpaStorageSettings storageSettings() {
            JpaStorageSettings s = new JpaStorageSettings();
            s.setAllowExternalReferences(true);
            s.setAllowMultipleDelete(true);
            s.setExpungeEnabled(true);
            return s;
        }

        @Bean
        public PartitionSettings partitionSettings() {
            return new PartitionSettings();
        }

        @Bean(destroyMethod = "close")
        public DataSource dataSource() {
            BasicDataSource ds = new BasicDataSource();
            ds.setDriverClassName("org.h2.Driver");
            ds.setUrl(System.getProperty("fhir.jdbc"));
            ds.setUsername("sa");
            ds.setPassword("");
            ds.setMaxTotal(8);
            return ds;
        }

        @Bean
        public LocalContainerEntityManagerFactoryBean entityManagerFactory(ConfigurableListableBeanFactory bf,
                FhirContext ctx, JpaStorageSettings s) {
            LocalContainerEntityManagerFactoryBean f = HapiEntityManagerFactoryUtil.newEntityManagerFactory(bf, ctx, s);
            f.setPersistenceUnitName("HAPI_PU");
            f.setDataSource(dataSource());
            Properties p = new Properties();
            p.put("hibernate.dialect", "ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect");
            p.put("hibernate.hbm2ddl.auto", "update");
            p.put("hibernate.search.enabled", "false");
            f.setJpaProperties(p);
            return f;
        }

        @Bean
        @Primary
        public JpaTransactionManager transactionManager(EntityManagerFactory emf) {
            return new JpaTransactionManager(emf);
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        System.setProperty("fhir.jdbc", "jdbc:h2:file:" + args[1] + ";DB_CLOSE_DELAY=-1");
        AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext(Cfg.class);
        FhirContext ctx = spring.getBean(FhirContext.class);
        RestfulServer rs = new RestfulServer(ctx);
        rs.registerProviders(spring.getBean("myResourceProvidersR4", ResourceProviderFactory.class).createProviders());
        rs.registerProvider(spring.getBean(JpaSystemProvider.class));
        rs.setPagingProvider(spring.getBean(DatabaseBackedPagingProvider.class));
        rs.setServerConformanceProvider(new JpaCapabilityStatementProvider(rs, spring.getBean(
                ca.uhn.fhir.jpa.api.dao.IFhirSystemDao.class), spring.getBean(JpaStorageSettings.class),
                spring.getBean(ca.uhn.fhir.rest.server.util.ISearchParamRegistry.class),
                spring.getBean(IValidationSupport.class)));
        rs.setDefaultResponseEncoding(ca.uhn.fhir.rest.api.EncodingEnum.JSON);

        Server jetty = new Server();
        ServerConnector c = new ServerConnector(jetty);
        c.setHost("127.0.0.1");
        c.setPort(port);
        jetty.addConnector(c);
        ServletContextHandler h = new ServletContextHandler();
        h.setContextPath("/");
        h.addServlet(new ServletHolder(rs), "/fhir/*");
        jetty.setHandler(h);
        jetty.start();
        System.out.println("READY " + c.getLocalPort());
        System.out.flush();
        // stop when the parent closes our stdin (or dies)
        while (System.in.read() >= 0) {
            // ignore input
        }
        jetty.stop();
        spring.close();
        System.exit(0);
    }
}
