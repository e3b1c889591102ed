<%@ page import="javax.naming.InitialContext,javax.sql.DataSource,java.sql.*" %>
<%
    DataSource ds = (DataSource) new InitialContext().lookup("java:comp/env/jdbc/shop");
    String id = request.getParameter("order");
    try (Connection c = ds.getConnection();
         PreparedStatement st = c.prepareStatement("SELECT total FROM orders WHERE id = ?")) {
        st.setLong(1, Long.parseLong(id));
        ResultSet rs = st.executeQuery();
        if (rs.next()) { out.print(rs.getBigDecimal(1)); }
    }
    Class<?> fmt = Class.forName("java.text.DecimalFormat");
    out.print(fmt.getSimpleName());
%>
