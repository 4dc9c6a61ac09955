<%@ page contentType="text/plain;charset=UTF-8" %>legacy app
