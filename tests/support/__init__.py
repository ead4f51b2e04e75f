"""Helpers of the tests: the app under AppTest, a real app server, two servers behind HAProxy."""
