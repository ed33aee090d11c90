// The wire shape of Dubbo 3's org.apache.dubbo.metadata.MetadataInfo, which a MetadataService
// returns from getMetadataInfo(revision): the serialized fields of Dubbo 3.2's class (its other
// fields are transient), so Caucho writes what a Dubbo 3 provider's Hessian 2 writes.
package org.apache.dubbo.metadata;

import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

public class MetadataInfo implements Serializable {
    private String app;
    private String revision;
    private Map<String, ServiceInfo> services = new ConcurrentHashMap<>();
    private transient boolean updated;

    public MetadataInfo(String app, String revision) {
        this.app = app;
        this.revision = revision;
    }

    public void add(String key, ServiceInfo service) {
        services.put(key, service);
    }

    public static class ServiceInfo implements Serializable {
        private String name;
        private String group;
        private String version;
        private String protocol;
        private int port;
        private String path;
        private Map<String, String> params;
        private transient String matchKey;

        public ServiceInfo(String name, String group, String version, String protocol, int port, String path,
                Map<String, String> params) {
            this.name = name;
            this.group = group;
            this.version = version;
            this.protocol = protocol;
            this.port = port;
            this.path = path;
            this.params = params;
        }
    }
}
