// The demo's com.example.User as a consumer's API jar has it, so Caucho builds the real class
// (as a Dubbo consumer would) rather than falling back to a map.
package com.example;

import java.io.Serializable;
import java.util.Date;
import java.util.List;

public class User implements Serializable {
    long id;
    String name;
    String email;
    List<String> tags;
    Date createdAt;
}
