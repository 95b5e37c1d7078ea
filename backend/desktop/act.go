package desktop

import "iescp/backend/mutate"

// act applies one typed mutation as the signed-in account (Services.apply):
// what a bound action method does, with the error ready for the UI.
func (s *Services) act(args mutate.Args) error {
	ctx, sess, err := s.begin()
	if err != nil {
		return toUI(err)
	}
	_, err = s.apply(ctx, sess, args)
	return toUI(err)
}

// made is a new row's id once its mutation is applied, "" when it was refused.
func made(id string, err error) (string, error) {
	if err != nil {
		return "", err
	}
	return id, nil
}
